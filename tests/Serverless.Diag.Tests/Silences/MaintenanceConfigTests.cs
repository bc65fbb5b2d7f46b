using Serverless.Diag.Configuration;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Silences;

/// <summary><c>maintenance:</c> is read at the top level and per environment, and every mistake is refused at its position.</summary>
public sealed class MaintenanceConfigTests
{
    private const string Checks = """
        checks:
          - name: database
            type: scripted
            tags: [db]
          - name: orders-api
            type: scripted
        """;

    private const string Environments = """
        environments:
          staging: {}
          production:
            maintenance:
              - name: nightly-backup
                cron: "30 1 * * *"
                duration: 15m
                tags: [db]
        """;

    [Fact]
    public void Windows_are_read_from_the_top_level_and_from_an_environment_which_scopes_them()
    {
        var config = TestConfigs.Parse($"""
            version: 1
            maintenance:
              - name: weekly-db-patching
                cron: "0 2 * * SUN"
                duration: 2h
                timezone: Europe/Berlin
                environments: [production]
                checks: [database, orders-api]
              - name: migration-1.4
                start: 2026-12-05T22:00:00Z
                end: 2026-12-06T01:00:00Z
            {Environments}
            {Checks}
            """);

        Assert.Equal(["weekly-db-patching", "migration-1.4", "nightly-backup"], config.Maintenance.Select(w => w.Name));
        var weekly = config.Maintenance[0];
        Assert.Equal(TimeSpan.FromHours(2), weekly.Duration);
        Assert.Equal("Europe/Berlin", weekly.Zone.Id);
        Assert.True(weekly.Covers("production", "database", []));
        Assert.False(weekly.Covers("staging", "database", []));
        var once = config.Maintenance[1];
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 22, 0, 0, TimeSpan.Zero), once.Start);
        Assert.True(once.Covers("staging", "orders-api", []));
        var nightly = config.Maintenance[2];
        Assert.Equal(["production"], nightly.Environments);
        Assert.True(nightly.Covers("production", "database", ["db"]));
        Assert.False(nightly.Covers("production", "orders-api", []));
    }

    [Theory]
    [InlineData("timezone: Mars/Olympus_Mons\n    cron: \"0 2 * * SUN\"\n    duration: 2h", "4:15", "unknown time zone 'Mars/Olympus_Mons'")]
    [InlineData("cron: \"0 25 * * SUN\"\n    duration: 2h", "4:11", "'cron' must be five fields")]
    [InlineData("cron: \"0 2 * * SUN *\"\n    duration: 2h", "4:11", "'cron' must be five fields")]
    [InlineData("start: 2026-12-06T01:00:00Z\n    end: 2026-12-05T22:00:00Z", "5:10", "'end' (2026-12-05 22:00:00Z) must be after 'start'")]
    [InlineData("cron: \"0 2 * * SUN\"", "4:11", "needs a 'duration'")]
    [InlineData("start: 2026-12-06T01:00:00Z", "3:5", "needs both 'start' and 'end'")]
    [InlineData("checks: [databse]\n    cron: \"0 2 * * SUN\"\n    duration: 2h", "4:14", "unknown check 'databse' in 'checks' of a maintenance window (did you mean 'database'?)")]
    [InlineData("environments: [prod]\n    cron: \"0 2 * * SUN\"\n    duration: 2h", "4:20", "unknown environment 'prod'")]
    [InlineData("tags: [cache]\n    cron: \"0 2 * * SUN\"\n    duration: 2h", "4:12", "unknown tag 'cache'")]
    [InlineData("cron: \"0 2 * * SUN\"\n    duration: 2h\n    window: 3", "6:5", "unknown key 'window'")]
    [InlineData("duration: 2h\n    start: 2026-12-06T01:00:00Z\n    end: 2026-12-07T01:00:00Z\n    cron: \"0 2 * * SUN\"", "3:5", "either 'cron' and 'duration', or 'start' and 'end'")]
    [InlineData("start: tomorrow\n    end: 2026-12-07T01:00:00Z", "4:12", "'start' must be a date and time")]
    public void A_bad_window_is_a_config_error_at_its_position(string body, string position, string message)
    {
        var yaml = $"version: 1\nmaintenance:\n  - name: w\n    {body}\n{Environments}\n{Checks}\n";

        var errors = TestConfigs.Errors(yaml);

        var error = Assert.Single(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal($"diag.yaml:{position}", $"{error.Mark.File}:{error.Mark.Line}:{error.Mark.Column}");
    }

    [Fact]
    public void An_environment_window_may_not_name_environments_and_two_windows_may_not_share_a_name()
    {
        var yaml = $"""
            version: 1
            maintenance:
              - name: nightly-backup
                start: 2026-12-06T01:00:00Z
                end: 2026-12-07T01:00:00Z
            environments:
              production:
                maintenance:
                  - name: nightly-backup
                    cron: "30 1 * * *"
                    duration: 15m
                    environments: [production]
            {Checks}
            """;

        var errors = TestConfigs.Errors(yaml).Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith("diag.yaml:12:9: unknown key 'environments'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("diag.yaml:9:", StringComparison.Ordinal) && e.Contains("'nightly-backup' is defined twice", StringComparison.Ordinal));
    }

    [Fact]
    public void A_start_without_offset_is_read_in_the_window_time_zone()
    {
        var config = TestConfigs.Parse($"""
            version: 1
            maintenance:
              - name: release
                start: 2026-07-01T22:00:00
                end: 2026-07-01T23:30:00
                timezone: America/New_York
            {Checks}
            """);

        Assert.Equal(new DateTimeOffset(2026, 7, 2, 2, 0, 0, TimeSpan.Zero), config.Maintenance.Single().Start);
    }
}
