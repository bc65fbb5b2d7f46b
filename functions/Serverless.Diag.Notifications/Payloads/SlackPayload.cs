using System.Text;
using System.Text.Json.Serialization;
using Serverless.Diag.Notifications.Config;

namespace Serverless.Diag.Notifications.Payloads;

/// <summary>
/// A Slack incoming-webhook message: Block Kit blocks and the fallback <c>text</c> notifications show. Within Slack's
/// limits: at most 50 blocks, header text 150 characters, section text 3,000, 10 fields of 2,000 each, button text 75.
/// </summary>
internal static class SlackPayload
{
    public const int MaxBlocks = 50;
    public const int MaxSectionText = 3_000;
    public const int MaxHeaderText = 150;
    public const int MaxFields = 10;
    public const int MaxFieldText = 2_000;

    public static SlackMessage Build(Notice notice)
    {
        var blocks = new List<SlackBlock>
        {
            new("header") { Text = Plain(Limits.Cut(notice.Title, MaxHeaderText)) },
        };
        if (!string.IsNullOrEmpty(notice.Headline))
        {
            blocks.Add(Section(notice.Headline));
        }

        blocks.Add(new SlackBlock("section")
        {
            Fields =
            [
                Markdown($"*Environment*\n{Escape(notice.Environment)}", MaxFieldText),
                Markdown($"*Check*\n{Escape(notice.Check)}", MaxFieldText),
                Markdown($"*Severity*\n{notice.Severity}", MaxFieldText),
                Markdown($"*Event*\n{notice.Event.Wire()}", MaxFieldText),
            ],
        });
        if (notice.RecentRunsLine is { } runs)
        {
            blocks.Add(new SlackBlock("context") { Elements = [Markdown(Escape(runs), MaxSectionText)] });
        }

        if (!string.IsNullOrEmpty(notice.ProbableCause))
        {
            blocks.Add(Section("*Probable cause:* " + Escape(notice.ProbableCause), escaped: true));
        }

        if (!string.IsNullOrEmpty(notice.TopHint) && notice.Event != NotifyEvent.Resolved)
        {
            blocks.Add(Section("*Next step:* " + Escape(notice.TopHint), escaped: true));
        }

        // One section per failed assertion while room remains; the rest are counted in a context line.
        var tail = notice.IssueUrl is null ? 1 : 2;
        var room = MaxBlocks - blocks.Count - tail;
        var shown = notice.Assertions.Take(Math.Max(0, room)).ToList();
        blocks.AddRange(shown.Select(a => Section($"✗ `{Escape(a.Expression)}`" + (a.Actual is null ? string.Empty : $"  actual: `{Escape(a.Actual)}`"), escaped: true)));
        var hidden = notice.Assertions.Count - shown.Count;
        blocks.Add(new SlackBlock("context")
        {
            Elements = [Markdown(hidden > 0 ? $"{hidden} more failed assertion(s) not shown · {notice.Fingerprint}" : $"{Escape(notice.Fingerprint)} · failing since {notice.FailingSince.UtcDateTime:yyyy-MM-dd HH:mm} UTC", MaxSectionText)],
        });
        if (notice.IssueUrl is not null)
        {
            blocks.Add(new SlackBlock("actions")
            {
                Elements = [new SlackButton(Plain("Open the GitHub issue"), notice.IssueUrl.ToString())],
            });
        }

        return new SlackMessage(Limits.Cut(notice.Title, 3_000), blocks);
    }

    /// <summary>&amp;, &lt; and &gt; are control characters in Slack text; target text must not form links or mentions.</summary>
    public static string Escape(string text) => new StringBuilder(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").ToString();

    private static SlackBlock Section(string text, bool escaped = false) => new("section") { Text = Markdown(escaped ? text : Escape(text), MaxSectionText) };

    private static SlackText Markdown(string text, int max) => new("mrkdwn") { Text = Limits.Cut(text, max) };

    private static SlackText Plain(string text) => new("plain_text") { Text = text };
}

internal sealed record SlackMessage(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("blocks")] IReadOnlyList<SlackBlock> Blocks);

internal sealed record SlackBlock([property: JsonPropertyName("type")] string Type)
{
    [JsonPropertyName("text")]
    public SlackText? Text { get; init; }

    [JsonPropertyName("fields")]
    public IReadOnlyList<SlackText>? Fields { get; init; }

    [JsonPropertyName("elements")]
    public IReadOnlyList<SlackElement>? Elements { get; init; }
}

/// <summary>An element of a context or actions block; serialised as its own shape (no type discriminator is added).</summary>
[JsonDerivedType(typeof(SlackText))]
[JsonDerivedType(typeof(SlackButton))]
internal abstract record SlackElement([property: JsonPropertyName("type")] string Type);

/// <summary>A text object: plain_text or mrkdwn.</summary>
internal sealed record SlackText(string Type) : SlackElement(Type)
{
    [JsonPropertyName("text")]
    public string? Text { get; init; }
}

internal sealed record SlackButton(
    [property: JsonPropertyName("text")] SlackText Text,
    [property: JsonPropertyName("url")] string Url) : SlackElement("button");
