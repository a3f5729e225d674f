/** A scaffolding request the registry cannot satisfy as asked (exit 1, with what to do instead). */
export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScaffoldError";
  }
}
