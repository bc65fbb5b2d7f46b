namespace Serverless.Diag.Running;

/// <summary>The caller asked for an environment or check the config does not have.</summary>
public sealed class SelectionException : Exception
{
    public SelectionException(string message, IReadOnlyList<string> validNames)
        : base($"{message} (valid: {string.Join(", ", validNames)})")
    {
        ValidNames = validNames;
    }

    public SelectionException()
        : this("unknown selection", [])
    {
    }

    public SelectionException(string message)
        : this(message, [])
    {
    }

    public SelectionException(string message, Exception innerException)
        : base(message, innerException)
    {
        ValidNames = [];
    }

    public IReadOnlyList<string> ValidNames { get; }
}
