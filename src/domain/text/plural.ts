/** A count with its noun, as replies and summaries write it: "1 waiver", "2 waivers", "0 problems". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
