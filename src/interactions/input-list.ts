/**
 * Turns what a form, a query string or a command line gives ("a,b", ["a", "b"], repeated fields, blank
 * rows) into a list of names. Commas and new lines separate names; blanks are dropped.
 */
export function parseDrugList(values: string | readonly string[] | undefined): string[] {
  const list = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  return list.flatMap((v) => v.split(/[,\n]/)).map((v) => v.trim()).filter((v) => v !== '');
}
