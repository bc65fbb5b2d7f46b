namespace Serverless.Diag.Configuration;

/// <summary>The config was refused; nothing ran. Carries every problem found.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ConfigException(SourceMark mark, string message)
        : this([new ConfigError(mark, message)])
    {
    }

    public ConfigException()
        : this([])
    {
    }

    public ConfigException(string message)
        : this(SourceMark.None, message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ConfigError(SourceMark.None, message)];
    }

    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>
    /// What the problems are in, as a bare noun: "config" unless set (another input, such as a baseline report, names
    /// itself). A title uses it as it is ("config refused"); a sentence puts its own article before it
    /// ("1 problem in the config").
    /// </summary>
    public string Subject { get; init; } = "config";

    /// <summary>What was noticed besides the errors (validating without secrets: each unset environment variable).</summary>
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];
}
