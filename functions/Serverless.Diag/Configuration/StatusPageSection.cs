namespace Serverless.Diag.Configuration;

/// <summary>The <c>status_page:</c> block: the static status page's title and whether the timer publishes it.</summary>
public sealed class StatusPageSection : IConfigSection
{
    public const string SectionKey = "status_page";

    /// <summary>Long enough for any product name, short enough for a phone's heading.</summary>
    public const int MaxTitleLength = 120;

    public string Key => SectionKey;

    public IReadOnlyList<SettingKey> Keys { get; } =
    [
        new("title", SettingKind.Text, "Heading of the status page (default 'Service status')."),
        new("publish", SettingKind.Boolean, "true: the timer writes the page to the storage account's static website container ($web) after each run."),
    ];

    public IReadOnlyList<SettingKey> CheckKeys { get; } = [];

    public object Read(ConfigMapping? block, IReadOnlyList<SectionCheck> checks, NodeReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (block is null)
        {
            return new StatusPageSettings();
        }

        var title = reader.Scalar(block["title"], "'status_page.title'");
        if (title is not null && (title.Value.Length > MaxTitleLength || string.IsNullOrWhiteSpace(title.Value)))
        {
            reader.Diagnostics.Add(title, $"'status_page.title' must be 1 to {MaxTitleLength} characters");
        }

        return new StatusPageSettings
        {
            Title = title is { Value.Length: > 0 and <= MaxTitleLength } t && !string.IsNullOrWhiteSpace(t.Value) ? t.Value : StatusPageSettings.DefaultTitle,
            Publish = reader.Bool(block["publish"], "'status_page.publish'") ?? false,
        };
    }
}
