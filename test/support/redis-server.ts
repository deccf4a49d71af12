/**
 * A real Redis for tests: Debian's `redis-server` on a free 127.0.0.1 port, without persistence,
 * started and stopped by the test. `.ci/run` installs the package when it is missing.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createConnection, createServer } from "node:net";

export const REDIS_SERVER_BINARY = process.env.REDIS_SERVER_BINARY ?? "redis-server";

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** True between a successful start and a stop. */
  readonly running: boolean;
  /** Stops the server (SIGTERM) and waits for it to exit; its data is gone (no persistence). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Suspends (SIGSTOP) or resumes (SIGCONT) the process: connections stay open, nothing answers. */
  pause(): void;
  resume(): void;
}

export function redisServerInstalled(): boolean {
  return spawnSync(REDIS_SERVER_BINARY, ["--version"], { stdio: "ignore" }).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One `PING` over a raw socket: true on `+PONG`. */
async function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let answer = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
  });
}

/** Starts `redis-server` on `port` (a free one by default) and waits until it answers PING. */
export async function startRedisServer(options: { port?: number; timeoutMs?: number } = {}): Promise<RedisServer> {
  if (!redisServerInstalled()) {
    throw new Error(`${REDIS_SERVER_BINARY} is not installed: apt-get install -y redis-server (.ci/run does this)`);
  }
  const port = options.port ?? (await freePort());
  const timeoutMs = options.timeoutMs ?? 15_000;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    if (child) return;
    const output: string[] = [];
    const spawned = spawn(REDIS_SERVER_BINARY, ["--save", "", "--appendonly", "no", "--port", String(port), "--bind", "127.0.0.1"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    spawned.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    spawned.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child = spawned;
    // A test process that dies must not leave its Redis behind.
    const reap = () => spawned.kill("SIGKILL");
    process.once("exit", reap);
    exited = new Promise((resolve) => spawned.once("exit", () => resolve()));
    void exited.then(() => {
      process.off("exit", reap);
      if (child === spawned) child = undefined;
    });
    const deadline = Date.now() + timeoutMs;
    while (!(await pings(port))) {
      if (!child || Date.now() > deadline) {
        spawned.kill("SIGKILL");
        throw new Error(`redis-server did not answer on 127.0.0.1:${port}:\n${output.join("")}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = async () => {
    const running = child;
    if (!running) return;
    running.kill("SIGCONT");
    running.kill("SIGTERM");
    const killer = setTimeout(() => running.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== undefined;
    },
    start,
    stop,
    pause: () => child?.kill("SIGSTOP"),
    resume: () => child?.kill("SIGCONT"),
  };
}
