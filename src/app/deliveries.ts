import type { Probot } from "probot";
import { isCoordinationError, type Coordinator, type DeliveryClaim } from "../coordination/index.js";

/** What a wrapped handler reads from Probot's context: the delivery id and the log. */
interface DeliveryContext {
  /** `X-GitHub-Delivery`. */
  readonly id: string;
  readonly log: { debug(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

/**
 * Handles each webhook delivery once across replicas (docs/reference/running.md#scaling): GitHub
 * redelivers with the same `X-GitHub-Delivery` id, and a load balancer may hand a redelivery to
 * another replica; that replica skips what one of them already handled (claims expire after a day).
 *
 * Every handler registered with `app.on` after this call is wrapped, so handlers wired later need
 * nothing of their own. The claim is per handler (the events it is registered for, and its place
 * among handlers of the same events), so two handlers of one event both run. A handler that throws
 * gives its claim back, so a redelivery is handled again. When Redis cannot be asked, the delivery
 * is handled anyway: the per-PR lock then fails closed, which is the report the delivery deserves.
 *
 * One replica (no Redis) keeps handling a redelivery again, as it always did: its per-PR queue and
 * the inputs hash already make that cost reads and no write, and someone who asks GitHub to redeliver
 * gets the delivery handled.
 */
export function handleEachDeliveryOnce(app: Probot, coordinator: Coordinator): void {
  if (coordinator.kind === "memory") return;
  const register = app.on;
  const registered = new Map<string, number>();
  app.on = ((events: string | string[], handler: (context: DeliveryContext) => unknown) => {
    const names = [events].flat().join(",");
    const place = registered.get(names) ?? 0;
    registered.set(names, place + 1);
    const wrapped = onePerDelivery(coordinator, `${names}#${place}`, handler);
    (register as (events: string | string[], handler: (context: DeliveryContext) => unknown) => void)(events, wrapped);
  }) as Probot["on"];
}

/** `handler`, skipping deliveries some replica already claimed for `handlerKey`. */
export function onePerDelivery<C extends DeliveryContext>(coordinator: Coordinator, handlerKey: string, handler: (context: C) => unknown): (context: C) => Promise<void> {
  return async (context) => {
    let claim: DeliveryClaim | undefined;
    try {
      claim = await coordinator.claimDelivery(`${context.id}:${handlerKey}`);
    } catch (error) {
      if (!isCoordinationError(error)) throw error;
      context.log.warn({ err: error, delivery: context.id }, "cannot tell whether another replica handled this delivery; handling it here");
    }
    if (claim && !claim.first) {
      context.log.debug({ delivery: context.id, handler: handlerKey }, "delivery already handled (by this or another replica)");
      return;
    }
    try {
      await handler(context);
    } catch (error) {
      // Handling failed: a redelivery of this id must be handled again, wherever it lands.
      await claim?.release().catch((releaseError: unknown) => context.log.warn({ err: releaseError, delivery: context.id }, "could not give back a delivery claim; it expires by itself"));
      throw error;
    }
  };
}
