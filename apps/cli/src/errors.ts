import { HypothecaError } from "@hypotheca/sdk";

/** A failure the user fixes (bad flag, missing key, wrong password): printed without a stack trace. */
export class CliError extends HypothecaError {
  override name = "CliError";
}
