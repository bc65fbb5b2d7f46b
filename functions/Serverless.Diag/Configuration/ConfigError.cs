namespace Serverless.Diag.Configuration;

public sealed record ConfigError(SourceMark Mark, string Message)
{
    public override string ToString() => $"{Mark}: {Message}";
}
