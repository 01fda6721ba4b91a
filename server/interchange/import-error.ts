/** The input is not a model of the format being imported (or of any format tm reads): exit 2, one line. */
export class ImportError extends Error {}
