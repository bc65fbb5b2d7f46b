using System.Text.Json;
using Serverless.Diag.Functions.Invocations;

namespace Serverless.Diag.Tests.Functions;

/// <summary>The timer payloads quoted in shared/reference/azure-functions/custom-handler-payloads.md.</summary>
public sealed class TimerInfoReaderTests
{
    // Observed under `func start`: first run, Last without an offset, a Schedule object we do not model.
    private const string FirstRun = """
        {
            "Data": {
                "myTimer": {
                    "Schedule": { "AdjustForDST": true },
                    "ScheduleStatus": {
                        "Last": "0001-01-01T00:00:00",
                        "Next": "2024-11-30T14:45:51+00:00",
                        "LastUpdated": "2024-11-30T14:43:50.403838+00:00"
                    },
                    "IsPastDue": false
                }
            },
            "Metadata": {
                "sys": { "MethodName": "uk-generation-mix", "UtcNow": "2024-11-30T14:43:50.46239Z", "RandGuid": "fa3b2fbc-26ed-4fcb-be75-82db8773b519" }
            }
        }
        """;

    [Fact]
    public void First_run_from_func_start_reads_Last_without_offset_as_never()
    {
        var timer = TimerInfoReader.Read(Parse(FirstRun));

        Assert.False(timer.IsPastDue);
        Assert.NotNull(timer.ScheduleStatus);
        Assert.True(timer.ScheduleStatus.IsFirstRun);
        Assert.Equal(new DateTimeOffset(2024, 11, 30, 14, 45, 51, TimeSpan.Zero), timer.ScheduleStatus.Next);
        Assert.Equal(TimeSpan.Zero, timer.ScheduleStatus.LastUpdated.Offset);
    }

    [Fact]
    public void Official_doc_timer_object_under_our_binding_name()
    {
        var timer = TimerInfoReader.Read(Parse("""
            { "Data": { "timer": {
                "Schedule":{ },
                "ScheduleStatus": { "Last":"2016-10-04T10:15:00+00:00", "LastUpdated":"2016-10-04T10:16:00+00:00", "Next":"2016-10-04T10:20:00+00:00" },
                "IsPastDue":false } }, "Metadata": {} }
            """));

        Assert.False(timer.ScheduleStatus!.IsFirstRun);
        Assert.Equal(new DateTimeOffset(2016, 10, 4, 10, 15, 0, TimeSpan.Zero), timer.ScheduleStatus.Last);
    }

    [Fact]
    public void Past_due_with_null_status_and_unknown_fields()
    {
        var timer = TimerInfoReader.Read(Parse("""
            { "Data": { "timer": { "ScheduleStatus": null, "IsPastDue": true, "Future": { "x": [1, 2] } } },
              "Metadata": { "sys": { "MethodName": "ScheduledDiagnosis" } }, "Extra": 1 }
            """));

        Assert.True(timer.IsPastDue);
        Assert.Null(timer.ScheduleStatus);
    }

    [Fact]
    public void Timer_data_as_a_json_string_is_accepted()
    {
        var timer = TimerInfoReader.Read(Parse("""
            { "Data": { "timer": "{\"ScheduleStatus\":{\"Last\":\"2024-01-01T00:00:00\",\"Next\":\"2024-01-01T00:05:00\",\"LastUpdated\":\"2024-01-01T00:00:01\"},\"IsPastDue\":true}" } }
            """));

        Assert.True(timer.IsPastDue);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), timer.ScheduleStatus!.Last);
    }

    [Fact]
    public void No_data_at_all_is_an_ordinary_run()
    {
        var timer = TimerInfoReader.Read(Parse("""{ "Metadata": {} }"""));

        Assert.False(timer.IsPastDue);
        Assert.Null(timer.ScheduleStatus);
    }

    [Theory]
    [InlineData("""{ "Data": { "timer": 42 } }""")]
    [InlineData("""{ "Data": { "timer": { "ScheduleStatus": { "Last": "yesterday" } } } }""")]
    [InlineData("""{ "Data": { "timer": "not json" } }""")]
    public void A_binding_that_is_not_a_timer_is_refused(string payload)
    {
        Assert.Throws<FormatException>(() => TimerInfoReader.Read(Parse(payload)));
    }

    private static InvocationRequest Parse(string json) =>
        JsonSerializer.Deserialize(json, FunctionsJson.Default.InvocationRequest)!;
}
