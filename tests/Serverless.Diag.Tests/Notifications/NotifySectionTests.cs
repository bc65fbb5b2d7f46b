using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.Notifications;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Probes;
using Serverless.Diag.Secrets;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Notifications;

/// <summary><c>notify:</c> read and validated at load with positions; secrets expanded only when a host notifies, never echoed.</summary>
public sealed class NotifySectionTests
{
    private const string Channels = """
        version: 1
        notify:
          - name: oncall
            type: pagerduty
            routing_key: ${env:PD_ROUTING_KEY}
            severities: [P0, P1]
          - name: team-channel
            type: teams
            url: ${env:TEAMS_WEBHOOK_URL}
            events: [opened, escalated, resolved]
          - name: chat
            type: slack
            url: https://hooks.slack.example/services/T0/B0/abc
            environments: [production]
            tags: [db]
          - name: automation
            type: webhook
            url: https://hooks.example.com/diag
            secret: ${env:DIAG_WEBHOOK_SECRET}
        checks:
          - name: api
            type: scripted
        """;

    [Fact]
    public void Channels_are_read_with_their_filters_and_reminders_are_off_by_default()
    {
        var settings = Parse(Channels).Section<NotifySettings>(NotifySection.SectionKey)!;

        Assert.Equal(["oncall", "team-channel", "chat", "automation"], settings.Channels.Select(c => c.Name));
        Assert.Equal(ChannelType.PagerDuty, settings.Channels[0].Type);
        Assert.Equal(new HashSet<Severity> { Severity.P0, Severity.P1 }, settings.Channels[0].Severities);
        Assert.Equal(new HashSet<NotifyEvent> { NotifyEvent.Opened, NotifyEvent.Escalated, NotifyEvent.Resolved }, settings.Channels[1].Events);
        Assert.DoesNotContain(NotifyEvent.Reminder, settings.Channels[2].Events);
        Assert.Contains(NotifyEvent.Acknowledged, settings.Channels[2].Events);
        Assert.Equal(new HashSet<string> { "db" }, settings.Channels[2].Tags);
    }

    [Theory]
    [InlineData("type: email\n    url: https://x.example", "'type' must be teams, slack, pagerduty or webhook")]
    [InlineData("type: teams", "teams needs 'url'")]
    [InlineData("type: pagerduty", "pagerduty needs 'routing_key'")]
    [InlineData("type: slack\n    url: ftp://x.example/hook", "'url' must be an absolute http(s) URL")]
    [InlineData("type: slack\n    url: https://x.example\n    severities: [P9]", "'P9' is not a severity")]
    [InlineData("type: slack\n    url: https://x.example\n    events: [paged]", "'paged' is not an event")]
    [InlineData("type: slack\n    url: https://x.example\n    colour: red", "colour")]
    public void A_bad_channel_is_a_positioned_error(string body, string expected)
    {
        var errors = Errors($"version: 1\nnotify:\n  - name: c\n    {body}\nchecks:\n  - name: api\n    type: scripted\n");

        var error = Assert.Single(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
        Assert.True(error.Mark.Line >= 3, error.ToString());
    }

    [Fact]
    public void Two_channels_with_one_name_are_refused()
    {
        var errors = Errors("version: 1\nnotify:\n  - name: c\n    type: slack\n    url: https://a.example\n  - name: c\n    type: slack\n    url: https://b.example\nchecks:\n  - name: api\n    type: scripted\n");

        Assert.Contains(errors, e => e.Message.Contains("'c' is defined twice", StringComparison.Ordinal) && e.Mark.Line == 6);
    }

    [Fact]
    public void Values_from_the_environment_are_expanded_registered_as_secrets_and_never_shown_in_errors()
    {
        var config = Parse(Channels);
        var secrets = new SecretRedactor();
        var environment = new Dictionary<string, string?>
        {
            ["PD_ROUTING_KEY"] = "pd-key-0123456789abcdef",
            ["TEAMS_WEBHOOK_URL"] = "https://example.webhook.office.com/workflows/abc?sig=s3cr3tsig",
            ["DIAG_WEBHOOK_SECRET"] = "whsec-abcdef012345",
        };

        Assert.NotNull(Notifiers.FromConfig(config, n => environment.GetValueOrDefault(n), TimeProvider.System, NullLoggerFactory.Instance, secrets));

        foreach (var value in environment.Values)
        {
            Assert.DoesNotContain(value!, secrets.Redact($"sent to {value}"), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("abc", secrets.Redact("https://hooks.slack.example/services/T0/B0/abc"), StringComparison.Ordinal);

        environment["TEAMS_WEBHOOK_URL"] = "not-a-url-s3cr3t";
        var e = Assert.Throws<ConfigException>(() => Notifiers.FromConfig(config, n => environment.GetValueOrDefault(n), TimeProvider.System, NullLoggerFactory.Instance, new SecretRedactor()));
        var error = Assert.Single(e.Errors);
        Assert.Contains("'url' must be an absolute http(s) URL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(9, error.Mark.Line);
    }

    [Fact]
    public void An_unset_variable_is_refused_when_a_host_starts_notifying()
    {
        var e = Assert.Throws<ConfigException>(() => Notifiers.FromConfig(Parse(Channels), _ => null, TimeProvider.System, NullLoggerFactory.Instance, new SecretRedactor()));

        Assert.Contains(e.Errors, x => x.Message.Contains("PD_ROUTING_KEY", StringComparison.Ordinal));
    }

    private static ConfigLoader Loader() => new(new ProbeRegistry(BuiltInProbes.Create()).Add(new ScriptedProbeFactory()).Add(new GitHubSection()).Add(new NotifySection()));

    private static DiagConfig Parse(string yaml) => Loader().Parse(yaml, "diag.yaml");

    private static IReadOnlyList<ConfigError> Errors(string yaml)
    {
        try
        {
            Parse(yaml);
            return [];
        }
        catch (ConfigException e)
        {
            return e.Errors;
        }
    }
}
