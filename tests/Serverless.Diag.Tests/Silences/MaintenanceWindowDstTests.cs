using Serverless.Diag.Configuration;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Silences;

/// <summary>Recurring windows in their own time zone, across daylight-saving changes, as a fake clock walks through them.</summary>
public sealed class MaintenanceWindowDstTests
{
    private static MaintenanceWindow Window(string cron, string duration, string zone) => TestConfigs.Parse($"""
        version: 1
        maintenance:
          - name: w
            cron: "{cron}"
            duration: {duration}
            timezone: {zone}
        checks:
          - name: api
            type: scripted
        """).Maintenance.Single();

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>Every minute from..to, the UTC spans during which the window is active.</summary>
    private static List<(DateTimeOffset Start, DateTimeOffset End)> Walk(MaintenanceWindow window, DateTimeOffset from, DateTimeOffset to)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(from);
        var spans = new List<(DateTimeOffset, DateTimeOffset)>();
        (DateTimeOffset Start, DateTimeOffset End)? open = null;
        while (time.GetUtcNow() < to)
        {
            var now = time.GetUtcNow();
            var active = window.ActiveAt(now);
            if (active is not null && open is null)
            {
                open = (now, now);
            }
            else if (active is null && open is { } o)
            {
                spans.Add((o.Start, now));
                open = null;
            }

            time.Advance(TimeSpan.FromMinutes(1));
        }

        return spans;
    }

    [Fact]
    public void Berlin_sunday_02_00_for_2h_follows_the_wall_clock_through_spring_forward()
    {
        var window = Window("0 2 * * SUN", "2h", "Europe/Berlin");

        // 22 March: CET (UTC+1). 29 March: 02:00 does not exist, the window opens at 03:00 CEST. 5 April: CEST (UTC+2).
        var spans = Walk(window, Utc(3, 21, 0), Utc(4, 6, 0));

        Assert.Equal(
            [(Utc(3, 22, 1), Utc(3, 22, 3)), (Utc(3, 29, 1), Utc(3, 29, 3)), (Utc(4, 5, 0), Utc(4, 5, 2))],
            spans);
    }

    [Fact]
    public void Berlin_sunday_02_30_opens_once_when_the_autumn_change_repeats_the_hour()
    {
        var window = Window("30 2 * * SUN", "1h", "Europe/Berlin");

        // 25 October 2026: 02:30 happens twice (CEST, then CET); the window opens at the first and lasts one real hour.
        var spans = Walk(window, Utc(10, 24, 0), Utc(10, 26, 0));

        Assert.Equal([(Utc(10, 25, 0, 30), Utc(10, 25, 1, 30))], spans);
    }

    [Fact]
    public void New_york_daily_01_30_for_2h_lasts_two_real_hours_across_both_changes()
    {
        var window = Window("30 1 * * *", "2h", "America/New_York");

        // 8 March 2026 spring forward (EST UTC-5 -> EDT UTC-4 at 02:00), 1 November fall back (EDT -> EST at 02:00).
        var spring = Walk(window, Utc(3, 7, 4), Utc(3, 9, 12));
        var autumn = Walk(window, Utc(10, 31, 4), Utc(11, 2, 12));

        Assert.Equal([(Utc(3, 7, 6, 30), Utc(3, 7, 8, 30)), (Utc(3, 8, 6, 30), Utc(3, 8, 8, 30)), (Utc(3, 9, 5, 30), Utc(3, 9, 7, 30))], spring);
        Assert.Equal([(Utc(10, 31, 5, 30), Utc(10, 31, 7, 30)), (Utc(11, 1, 5, 30), Utc(11, 1, 7, 30)), (Utc(11, 2, 6, 30), Utc(11, 2, 8, 30))], autumn);
    }

    [Fact]
    public void New_york_02_15_does_not_exist_on_the_spring_change_and_the_window_opens_at_03_00_edt()
    {
        var window = Window("15 2 * * *", "30m", "America/New_York");

        var spans = Walk(window, Utc(3, 8, 4), Utc(3, 8, 12));

        Assert.Equal([(Utc(3, 8, 7), Utc(3, 8, 7, 30))], spans);
    }

    [Fact]
    public void A_one_off_window_is_active_from_start_inclusive_to_end_exclusive()
    {
        var window = TestConfigs.Parse("""
            version: 1
            maintenance:
              - name: migration-1.4
                start: 2026-12-05T22:00:00Z
                end: 2026-12-06T01:00:00Z
            checks:
              - name: api
                type: scripted
            """).Maintenance.Single();

        Assert.Null(window.ActiveAt(Utc(12, 5, 21, 59)));
        Assert.Equal((Utc(12, 5, 22), Utc(12, 6, 1)), window.ActiveAt(Utc(12, 5, 22)));
        Assert.Null(window.ActiveAt(Utc(12, 6, 1)));
    }
}
