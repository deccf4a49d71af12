/** Orders strings by their UTF-16 code units, as `Array.prototype.sort` does by default: the same in every locale and run. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
