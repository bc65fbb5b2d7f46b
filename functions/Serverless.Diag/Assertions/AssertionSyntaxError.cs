namespace Serverless.Diag.Assertions;

/// <param name="Offset">0-based character offset in the assertion text where the problem starts.</param>
public sealed record AssertionSyntaxError(int Offset, string Message);
