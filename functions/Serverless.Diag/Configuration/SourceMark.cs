namespace Serverless.Diag.Configuration;

/// <summary>A position in a config file, 1-based, as editors show it.</summary>
public readonly record struct SourceMark(string File, int Line, int Column)
{
    public static SourceMark None { get; } = new("<unknown>", 0, 0);

    public SourceMark Offset(int columns) => this with { Column = Column + columns };

    public override string ToString() => $"{File}:{Line}:{Column}";
}
