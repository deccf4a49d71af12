import type { ItemState } from "../evaluation/checklist-items.js";

/** How each item state shows in Markdown (checks, the summary comment, the CLI's markdown). */
export const STATE_ICONS: Record<ItemState, string> = {
  met: "✅",
  not_applicable: "➖",
  waived: "⏳",
  needs_signoff: "✍️",
  missing: "❌",
  invalid: "⚠️",
};
