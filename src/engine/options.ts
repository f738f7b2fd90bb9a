// Options objects with defaults: what every engine function with optional settings does first.

/** `{ window: undefined }` means "use the default", not "override the default with undefined". */
export function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
