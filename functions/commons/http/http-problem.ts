/**
 * A request the API refuses, with the status and the message to send back. The message is shown
 * to the caller as is, so it names the problem and never carries internal details.
 */
export class HttpProblem extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpProblem';
    this.status = status;
  }
}
