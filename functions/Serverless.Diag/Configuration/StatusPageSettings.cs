namespace Serverless.Diag.Configuration;

/// <summary>The <c>status_page:</c> block (read by <see cref="StatusPageSection"/>).</summary>
public sealed record StatusPageSettings
{
    public const string DefaultTitle = "Service status";

    /// <summary>The page's heading and title.</summary>
    public string Title { get; init; } = DefaultTitle;

    /// <summary>The timer writes the page to the storage account's static website container (<c>$web</c>) after each run.</summary>
    public bool Publish { get; init; }

    public static StatusPageSettings Of(DiagConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Section<StatusPageSettings>(StatusPageSection.SectionKey) ?? new StatusPageSettings();
    }
}
