namespace Serverless.Diag.Probes.Metrics.Exposition;

/// <summary>The scraped text is not valid exposition format; names the offending line.</summary>
public sealed class ExpositionFormatException : FormatException
{
    public ExpositionFormatException()
    {
    }

    public ExpositionFormatException(string message)
        : base(message)
    {
    }

    public ExpositionFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpositionFormatException(int line, string message, string lineText)
        : base($"line {line}: {message}: {Shorten(lineText)}")
    {
        LineNumber = line;
    }

    public int LineNumber { get; }

    private static string Shorten(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 119), "…");
}
