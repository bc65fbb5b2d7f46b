using System.Buffers;

namespace Serverless.Diag.Probes.Kit;

/// <summary>Text helpers for evidence. Cutting is <see cref="Secrets.SecretRedactor.Excerpt"/>'s job: it redacts first.</summary>
public static class ProbeText
{
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n\f\v");

    /// <summary>Runs of whitespace (line breaks included) as one space, for a table cell or a one-line message.</summary>
    public static string OneLine(string text) =>
        text.AsSpan().IndexOfAny(Whitespace) < 0 ? text : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
