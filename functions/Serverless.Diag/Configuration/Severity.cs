namespace Serverless.Diag.Configuration;

/// <summary>P0 (page now) .. P3 (next business day), as the guides escalate.</summary>
public enum Severity
{
    P0 = 0,
    P1 = 1,
    P2 = 2,
    P3 = 3,
}

public static class SeverityExtensions
{
    public static bool TryParse(string text, out Severity severity) =>
        Enum.TryParse(text, ignoreCase: true, out severity) && Enum.IsDefined(severity) && text.Length == 2;

    /// <summary>One step more urgent; P0 stays P0.</summary>
    public static Severity Escalated(this Severity severity) => severity == Severity.P0 ? Severity.P0 : severity - 1;
}
