using Serverless.Diag.Reporting;
using Serverless.Diag.Silences;
using Serverless.Diag.State.Local;
using Serverless.Diag.Tests.State;

namespace Serverless.Diag.Tests.Silences;

/// <summary>Silences and windows through the real pipeline with a real local store on a fake clock.</summary>
public sealed class SilenceMemoryTests
{
    private static string Config(string extra = "") =>
        "version: 1\n" + extra + "checks:\n" + MemoryHarness.Check("api", "    failure_threshold: 2\n    tags: [edge]\n") + MemoryHarness.Check("db");

    private static ISilenceStore Silences(MemoryHarness harness) => (ISilenceStore)harness.Store;

    [Fact]
    public async Task A_stored_silence_marks_the_checks_it_covers_with_their_real_status()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        harness.Set("db", passing: false);
        var now = harness.Time.GetUtcNow();
        await Silences(harness).AddSilenceAsync(new Silence("abc12345", "default", [], ["edge"], now, now.AddMinutes(30), "deploy 1.4.2", UntilPass: false), now, CancellationToken.None);

        var report = await harness.RunAsync(Config());

        var api = report.AllChecks.Single(c => c.Name == "api");
        Assert.Equal(CheckStatus.Fail, api.Status);
        Assert.Equal(new SilenceMark(SilenceMark.Silence, "abc12345", now.AddMinutes(30), "deploy 1.4.2"), api.Silenced);
        Assert.Null(report.AllChecks.Single(c => c.Name == "db").Silenced);

        harness.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Null((await harness.RunAsync(Config())).AllChecks.Single(c => c.Name == "api").Silenced);
    }

    [Fact]
    public async Task The_failure_threshold_counts_from_the_end_of_the_window()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        harness.Set("db", passing: true);
        var start = harness.Time.GetUtcNow();
        var window = $"maintenance:\n  - name: deploy\n    start: {start.AddMinutes(10):yyyy-MM-ddTHH:mm:ssZ}\n    end: {start.AddMinutes(40):yyyy-MM-ddTHH:mm:ssZ}\n";
        var seen = new List<string>();
        for (var run = 0; run < 7; run++)
        {
            var api = (await harness.RunAsync(Config(window))).AllChecks.Single(c => c.Name == "api");
            seen.Add($"{api.Pending?.ToString() ?? "-"}{(api.Silenced is null ? string.Empty : " silenced")}");
            harness.Time.Advance(TimeSpan.FromMinutes(10));
        }

        // 12:00 pending 1/2; 12:10-12:30 in the window; 12:40 counts again from 1; 12:50 reaches the threshold.
        Assert.Equal(["pending 1/2", "- silenced", "- silenced", "- silenced", "pending 1/2", "-", "-"], seen);
    }

    [Fact]
    public async Task An_until_pass_silence_ends_when_every_check_it_covers_passes()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        harness.Set("db", passing: true);
        var now = harness.Time.GetUtcNow();
        await Silences(harness).AddSilenceAsync(new Silence("feed0001", "default", [], [], now, now.AddHours(2), null, UntilPass: true), now, CancellationToken.None);

        var first = await harness.RunAsync(Config());
        Assert.All(first.AllChecks, c => Assert.NotNull(c.Silenced));
        Assert.Single(await Silences(harness).ListSilencesAsync(CancellationToken.None));

        harness.Set("api", passing: true);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await harness.RunAsync(Config());
        Assert.Empty(await Silences(harness).ListSilencesAsync(CancellationToken.None));

        harness.Set("api", passing: false);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null((await harness.RunAsync(Config())).AllChecks.Single(c => c.Name == "api").Silenced);
    }

    [Fact]
    public async Task An_until_pass_silence_ends_once_every_check_has_passed_even_in_different_runs()
    {
        using var harness = new MemoryHarness();
        var now = harness.Time.GetUtcNow();
        await Silences(harness).AddSilenceAsync(new Silence("feed0002", "default", [], [], now, now.AddHours(2), null, UntilPass: true), now, CancellationToken.None);

        // Run 1: api passes, db fails. Run 2: db passes, api fails again. Never both in one run.
        harness.Set("api", passing: true);
        harness.Set("db", passing: false);
        await harness.RunAsync(Config());
        var afterFirst = Assert.Single(await Silences(harness).ListSilencesAsync(CancellationToken.None));
        Assert.Equal(["api"], afterFirst.Passed);

        harness.Set("api", passing: false);
        harness.Set("db", passing: true);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await harness.RunAsync(Config());
        Assert.All(second.AllChecks, c => Assert.NotNull(c.Silenced));
        Assert.Empty(await Silences(harness).ListSilencesAsync(CancellationToken.None));

        harness.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null((await harness.RunAsync(Config())).AllChecks.Single(c => c.Name == "api").Silenced);
    }

    [Fact]
    public async Task An_until_pass_silence_waits_for_a_covered_check_that_was_not_due()
    {
        using var harness = new MemoryHarness();
        var config = "version: 1\nchecks:\n" + MemoryHarness.Check("api") + MemoryHarness.Check("db", "    interval: 1h\n");
        harness.Set("api", passing: false);
        harness.Set("db", passing: false);
        await harness.RunAsync(config, dueOnly: true);
        var now = harness.Time.GetUtcNow();
        await Silences(harness).AddSilenceAsync(new Silence("feed0003", "default", ["api", "db"], [], now, now.AddHours(3), null, UntilPass: true), now, CancellationToken.None);

        // 10 minutes on, api passes; db is not due, so it has not passed yet: the silence stays.
        harness.Set("api", passing: true);
        harness.Set("db", passing: true);
        harness.Time.Advance(TimeSpan.FromMinutes(10));
        var early = await harness.RunAsync(config, dueOnly: true);
        Assert.DoesNotContain(early.AllChecks, c => c.Name == "db");
        Assert.Equal(["api"], Assert.Single(await Silences(harness).ListSilencesAsync(CancellationToken.None)).Passed);

        harness.Time.Advance(TimeSpan.FromHours(1));
        await harness.RunAsync(config, dueOnly: true);
        Assert.Empty(await Silences(harness).ListSilencesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Passes_recorded_by_two_stores_at_once_are_merged_not_lost()
    {
        using var harness = new MemoryHarness();
        var now = harness.Time.GetUtcNow();
        var first = new LocalDirectoryStore(harness.Root, harness.Time);
        var second = new LocalDirectoryStore(harness.Root, harness.Time);
        await first.AddSilenceAsync(new Silence("feed0004", "default", [], [], now, now.AddHours(2), null, UntilPass: true), now, CancellationToken.None);

        var checks = Enumerable.Range(0, 20).Select(i => $"check-{i:00}").ToList();
        await Task.WhenAll(checks.Select((c, i) => Task.Run(() => (i % 2 == 0 ? first : second).RecordPassesAsync("feed0004", [c], CancellationToken.None))));

        var stored = Assert.Single(await first.ListSilencesAsync(CancellationToken.None));
        Assert.Equal(checks, stored.Passed.Order(StringComparer.Ordinal));
        Assert.Null(await second.RecordPassesAsync("nope0000", ["x"], CancellationToken.None));
    }

    [Fact]
    public async Task A_corrupt_silences_file_silences_nothing_and_the_run_goes_on()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        harness.Set("db", passing: true);
        Directory.CreateDirectory(harness.Root);
        await File.WriteAllTextAsync(Path.Combine(harness.Root, "silences.json"), "{ not json");

        var report = await harness.RunAsync(Config());

        Assert.All(report.AllChecks, c => Assert.Null(c.Silenced));
        var store = new LocalDirectoryStore(harness.Root, harness.Time);
        var now = harness.Time.GetUtcNow();
        await store.AddSilenceAsync(new Silence("0badf00d", "default", ["db"], [], now, now.AddHours(1), "x", false), now, CancellationToken.None);
        Assert.Equal(["0badf00d"], (await store.ListSilencesAsync(CancellationToken.None)).Select(s => s.Id));
    }
}
