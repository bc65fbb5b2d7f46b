using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Serverless.Diag.Cli.Infrastructure.Logging;

namespace Serverless.Diag.Tests.Cli;

/// <summary>
/// The command line builds its console logging without DI, with a formatter of its own: its lines must be the
/// library's single-line simple format, byte for byte, with and without colours.
/// </summary>
public sealed class ConsoleLoggingTests
{
    public static TheoryData<LogLevel, string, int, bool> Entries()
    {
        var data = new TheoryData<LogLevel, string, int, bool>();
        foreach (var level in new[] { LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical })
        {
            data.Add(level, "Diagnosis (http) pass in 2.1 ms: 1 check(s)", 0, false);
        }

        data.Add(LogLevel.Warning, "a message\nover\r\nthree lines", 42, false);
        data.Add(LogLevel.Error, "Diagnose failed unexpectedly", 7, true);
        data.Add(LogLevel.Error, "", 0, true);
        data.Add(LogLevel.Information, "", 0, false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void A_line_is_the_library_s_single_line_simple_format(LogLevel level, string message, int eventId, bool withException)
    {
        var exception = withException ? Thrown() : null;
        foreach (var colors in new[] { false, true })
        {
            var expected = Write(Library(colors), level, message, eventId, exception);
            var actual = Write(new SingleLineConsoleFormatter(colors), level, message, eventId, exception);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void The_library_lines_compared_with_are_real_lines()
    {
        // Guards the test above against comparing two empty strings: the library's lines are real lines.
        var line = Write(Library(colors: false), LogLevel.Warning, "check failed", 3, null);

        Assert.Equal($"warn: Serverless.Diag.Run[3] check failed{Environment.NewLine}", line);
    }

    [Fact]
    public void The_factory_filters_by_the_minimum_and_holds_the_framework_to_its_own()
    {
        var recorded = new Recorder();
        using var factory = ConsoleLogging.Create(LogLevel.Information, standardError: true, frameworkMinimum: LogLevel.Warning, extra: recorded);

        factory.CreateLogger("Serverless.Diag.Diagnosis").LogDebug("not written");
        factory.CreateLogger("Serverless.Diag.Diagnosis").LogInformation("summary");
        factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").LogInformation("not written");
        factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").LogWarning("kestrel warning");
        factory.CreateLogger("System.Net.Http.HttpClient").LogInformation("not written");

        Assert.Equal(["Serverless.Diag.Diagnosis Information summary", "Microsoft.AspNetCore.Server.Kestrel Warning kestrel warning"], recorded.Lines);
    }

    [Theory]
    [InlineData(false, null, null, true)]
    [InlineData(false, "1", null, false)]
    [InlineData(false, "", null, true)]
    [InlineData(true, null, null, false)]
    [InlineData(true, null, "1", true)]
    [InlineData(true, null, "TRUE", true)]
    [InlineData(true, null, "0", false)]
    [InlineData(true, "1", "true", true)]
    public void Colours_follow_the_console_s_rules(bool redirected, string? noColor, string? allowRedirection, bool expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["NO_COLOR"] = noColor,
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = allowRedirection,
        };

        Assert.Equal(expected, ConsoleLogging.UsesColors(redirected, n => environment.GetValueOrDefault(n)));
    }

    private static ConsoleFormatter Library(bool colors)
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.ColorBehavior = colors ? LoggerColorBehavior.Enabled : LoggerColorBehavior.Disabled;
            }))
            .BuildServiceProvider();
        return services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple);
    }

    private static string Write(ConsoleFormatter formatter, LogLevel level, string message, int eventId, Exception? exception)
    {
        using var text = new StringWriter();
        var entry = new LogEntry<string>(level, "Serverless.Diag.Run", new EventId(eventId), message, exception, static (m, _) => m);
        formatter.Write(in entry, scopeProvider: null, text);
        return text.ToString();
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("the pool is exhausted\nafter 30 s");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    private sealed class Recorder : ILoggerProvider
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Recorder owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Lines)
                {
                    owner.Lines.Add($"{category} {logLevel} {formatter(state, exception)}");
                }
            }
        }
    }
}
