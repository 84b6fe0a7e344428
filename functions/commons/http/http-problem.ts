/**
 * A request the API refuses, with the status and the message to send back. The message is shown
 * to the caller as is, so it names the problem and never carries internal details.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
