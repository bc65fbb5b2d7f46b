using Microsoft.Extensions.Logging;
using Serverless.Diag.Cli.Infrastructure.Logging;

namespace Serverless.Diag.Tests.Cli;

/// <summary>The command line's console logging is built on the first message that would be written, not before.</summary>
public sealed class DeferredLoggerFactoryTests
{
    [Fact]
    public void Nothing_is_built_until_a_message_at_the_minimum_level_is_logged()
    {
        var inner = new RecordingLoggerFactory();
        var builds = 0;
        using var factory = new DeferredLoggerFactory(() => { builds++; return inner; }, LogLevel.Warning);

        var logger = factory.CreateLogger("Serverless.Diag.Run");
        logger.LogDebug("planning {Count} checks", 3);
        logger.LogInformation("ran");

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.False(factory.Created);
        Assert.Equal(0, builds);

        logger.LogWarning("check {Name} failed", "api");
        factory.CreateLogger("Serverless.Diag.Other").LogError("boom");

        Assert.True(factory.Created);
        Assert.Equal(1, builds);
        Assert.Equal(["Serverless.Diag.Run Warning check api failed", "Serverless.Diag.Other Error boom"], inner.Lines);
    }

    [Fact]
    public void The_built_factory_still_filters_by_its_own_level()
    {
        var inner = new RecordingLoggerFactory { Minimum = LogLevel.Error };
        using var factory = new DeferredLoggerFactory(() => inner, LogLevel.Debug);

        var logger = factory.CreateLogger("c");
        logger.LogWarning("dropped by the inner factory");
        logger.LogError("kept");

        Assert.Equal(["c Error kept"], inner.Lines);
    }

    [Fact]
    public void Disposing_disposes_the_built_factory_only()
    {
        var unbuilt = new RecordingLoggerFactory();
        new DeferredLoggerFactory(() => unbuilt, LogLevel.Warning).Dispose();
        Assert.False(unbuilt.Disposed);

        var built = new RecordingLoggerFactory();
        var factory = new DeferredLoggerFactory(() => built, LogLevel.Warning);
        factory.CreateLogger("c").LogCritical("x");
        factory.Dispose();
        Assert.True(built.Disposed);
    }

    private sealed class RecordingLoggerFactory : ILoggerFactory
    {
        public List<string> Lines { get; } = [];

        public LogLevel Minimum { get; init; } = LogLevel.Trace;

        public bool Disposed { get; private set; }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose() => Disposed = true;

        private sealed class Logger(RecordingLoggerFactory owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.Minimum;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner.Lines.Add($"{category} {logLevel} {formatter(state, exception)}");
                }
            }
        }
    }
}
