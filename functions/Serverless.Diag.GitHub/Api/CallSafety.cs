namespace Serverless.Diag.GitHub.Api;

internal enum CallSafety
{
    /// <summary>Reads and PATCHes: repeating them is harmless.</summary>
    Idempotent,

    /// <summary>Creates: repeated only when GitHub clearly refused them (5xx, rate limit), never after a lost answer.</summary>
    NotIdempotent,
}
