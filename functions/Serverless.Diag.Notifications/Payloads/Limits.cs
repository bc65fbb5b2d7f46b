namespace Serverless.Diag.Notifications.Payloads;

/// <summary>Cuts text to a service's limit, saying it was cut.</summary>
internal static class Limits
{
    public static string Cut(string? text, int max)
    {
        text ??= string.Empty;
        if (text.Length <= max)
        {
            return text;
        }

        // Never split a surrogate pair: a lone half is invalid JSON text for some receivers.
        var keep = max - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }
}
