using Microsoft.Extensions.Logging;

namespace Serverless.Diag.Functions.Logging;

/// <summary>Copies log lines into the current <see cref="InvocationLog"/>, if any. Secrets are masked before they get here.</summary>
public sealed class InvocationLogProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new InvocationLogger();

    public void Dispose()
    {
    }

    private sealed class InvocationLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && InvocationLog.Current is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                // Exceptions contribute their message only: a stack trace is no use to the reader of a function log.
                var line = $"{logLevel}: {formatter(state, exception)}";
                InvocationLog.Current!.Add(exception is null ? line : $"{line} ({exception.GetType().Name}: {exception.Message})");
            }
        }
    }
}
