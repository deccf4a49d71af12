import { afterEach, describe, expect, it } from "vitest";
import { playSensorEpilogue, SUPPORT_REPO } from "../../demo/sensor.js";
import { playReleaseStory } from "../../demo/story.js";
import { DEMO_OWNER, startDemoWorld, type DemoWorld } from "../../demo/world.js";

let world: DemoWorld | undefined;

afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const sink = () => ({ write: () => true });

describe("npm run demo: the sensor after the story", () => {
  it("labels the customer's issue in the support repository and prints the app's answer with the promise's real conditions", async () => {
    world = await startDemoWorld();
    const story = await playReleaseStory(world, { out: sink(), colour: false });
    expect(story.differences).toEqual([]);
    const epilogue = await playSensorEpilogue(world, { out: sink(), colour: false });
    expect(epilogue.differences).toEqual([]);

    const { fake } = world.sandbox;
    const issue = fake.plainIssue({ owner: DEMO_OWNER, repo: SUPPORT_REPO, number: 1 })!;
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);
    expect(epilogue.printed).toContain("Labels: expectation-mismatch, expectation:email");
    const [comment, ...more] = fake.commentsOn({ owner: DEMO_OWNER, repo: SUPPORT_REPO, number: 1 });
    expect(more).toEqual([]);
    expect(comment!.body).toBe(epilogue.comment);
    expect(epilogue.printed).toContain("Holds when: Pro and Enterprise plans; Stores in the EU.");
    expect(epilogue.printed).toContain("(checkout-v2 in acme/shop), GA");
    expect(fake.violations).toEqual([]);
  });

  it("says so when the story did not bring the release the customer means", async () => {
    world = await startDemoWorld();
    const epilogue = await playSensorEpilogue(world, { out: sink(), colour: false });
    expect(epilogue.differences).toContain("the app's comment does not name checkout-v2 as the likely release");
    expect(epilogue.printed).toContain("Not as the story says:");
  });
});
