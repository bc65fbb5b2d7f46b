using System.Text.Json.Serialization;
using Serverless.Diag.Configuration;
using Serverless.Diag.Notifications.Config;

namespace Serverless.Diag.Notifications.Payloads;

/// <summary>
/// A Teams Workflows webhook message: <c>{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":card}]}</c>
/// with an Adaptive Card 1.4 (severity colour, title, headline, facts, probable cause, top hint, a button to the issue).
/// </summary>
internal static class TeamsPayload
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";

    public static TeamsMessage Build(Notice notice)
    {
        var resolved = notice.Event == NotifyEvent.Resolved;
        var body = new List<CardElement>
        {
            new("Container") { Style = resolved ? "good" : Style(notice.Severity), Bleed = true, Items = [new CardElement("TextBlock") { Text = Limits.Cut(Prefix(notice) + notice.Title, 500), Weight = "Bolder", Size = "Medium", Wrap = true }] },
        };
        if (!string.IsNullOrEmpty(notice.Headline))
        {
            body.Add(new CardElement("TextBlock") { Text = Limits.Cut(notice.Headline, 2_000), Wrap = true });
        }

        body.Add(new CardElement("FactSet")
        {
            Facts =
            [
                new("Environment", notice.Environment),
                new("Check", notice.Check),
                new("Severity", notice.Severity.ToString()),
                new("Event", notice.Event.Wire()),
                new("Failing since", notice.FailingSince.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)),
            ],
        });
        if (notice.RecentRunsLine is { } runs)
        {
            body.Add(new CardElement("TextBlock") { Text = Limits.Cut(runs, 2_000), Wrap = true, IsSubtle = true });
        }

        if (!string.IsNullOrEmpty(notice.ProbableCause))
        {
            body.Add(new CardElement("TextBlock") { Text = Limits.Cut("Probable cause: " + notice.ProbableCause, 2_000), Wrap = true, Weight = "Bolder" });
        }

        if (!string.IsNullOrEmpty(notice.TopHint) && !resolved)
        {
            body.Add(new CardElement("TextBlock") { Text = Limits.Cut("Next step: " + notice.TopHint, 2_000), Wrap = true, IsSubtle = true });
        }

        var actions = notice.IssueUrl is null ? null : new[] { new CardAction("Action.OpenUrl", "Open the GitHub issue", notice.IssueUrl.ToString()) };
        var card = new AdaptiveCard("http://adaptivecards.io/schemas/adaptive-card.json", "AdaptiveCard", "1.4", body, actions);
        return new TeamsMessage("message", [new TeamsAttachment(CardContentType, null, card)]);
    }

    private static string Prefix(Notice notice) => notice.Event switch
    {
        NotifyEvent.Resolved => "Resolved: ",
        NotifyEvent.Escalated => "Escalated: ",
        NotifyEvent.Reminder => "Still failing: ",
        NotifyEvent.Acknowledged => "Acknowledged: ",
        _ => string.Empty,
    };

    /// <summary>Container styles of the Adaptive Card schema: attention (red), warning (amber), accent (blue).</summary>
    private static string Style(Severity severity) => severity switch
    {
        Severity.P0 or Severity.P1 => "attention",
        Severity.P2 => "warning",
        _ => "accent",
    };
}

internal sealed record TeamsMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("attachments")] IReadOnlyList<TeamsAttachment> Attachments);

internal sealed record TeamsAttachment(
    [property: JsonPropertyName("contentType")] string ContentType,
    [property: JsonPropertyName("contentUrl"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ContentUrl,
    [property: JsonPropertyName("content")] AdaptiveCard Content);

internal sealed record AdaptiveCard(
    [property: JsonPropertyName("$schema")] string Schema,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("body")] IReadOnlyList<CardElement> Body,
    [property: JsonPropertyName("actions")] IReadOnlyList<CardAction>? Actions);

/// <summary>One Adaptive Card element (TextBlock, FactSet, Container); unset properties are left out.</summary>
internal sealed record CardElement([property: JsonPropertyName("type")] string Type)
{
    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("weight")]
    public string? Weight { get; init; }

    [JsonPropertyName("size")]
    public string? Size { get; init; }

    [JsonPropertyName("wrap")]
    public bool? Wrap { get; init; }

    [JsonPropertyName("isSubtle")]
    public bool? IsSubtle { get; init; }

    [JsonPropertyName("style")]
    public string? Style { get; init; }

    [JsonPropertyName("bleed")]
    public bool? Bleed { get; init; }

    [JsonPropertyName("items")]
    public IReadOnlyList<CardElement>? Items { get; init; }

    [JsonPropertyName("facts")]
    public IReadOnlyList<CardFact>? Facts { get; init; }
}

internal sealed record CardFact([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("value")] string Value);

internal sealed record CardAction(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("url")] string Url);
