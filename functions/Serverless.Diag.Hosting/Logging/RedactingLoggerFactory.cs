using Microsoft.Extensions.Logging;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Hosting.Logging;

/// <summary>
/// Hands out loggers that format each message, mask every known secret, and only then pass the text on,
/// so no provider (stdout, the invocation log) ever sees a secret. Exceptions pass as their masked message.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor secrets) : ILoggerFactory
{
    private volatile SecretRedactor[] _runs = [];

    public SecretRedactor Secrets => secrets;

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), this);

    /// <summary>
    /// Masks a run's secrets too (its plan's redactor, which keeps learning secrets while the run goes on), in every
    /// message logged from now on. For a process that makes one run (the command line); a long-lived host would keep
    /// every run's redactor alive.
    /// </summary>
    public void Include(SecretRedactor run)
    {
        lock (inner)
        {
            _runs = [.. _runs, run];
        }
    }

    private string Redact(string text)
    {
        var redacted = secrets.Redact(text);
        foreach (var run in _runs)
        {
            redacted = run.Redact(redacted);
        }

        return redacted;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to the DI container.
    public void Dispose()
    {
    }

    private sealed class RedactingLogger(ILogger inner, RedactingLoggerFactory secrets) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = secrets.Redact(formatter(state, exception));
            if (exception is not null)
            {
                message = $"{message} ({exception.GetType().Name}: {secrets.Redact(exception.Message)})";
            }

            inner.Log(logLevel, eventId, message, null, static (m, _) => m);
        }
    }
}
