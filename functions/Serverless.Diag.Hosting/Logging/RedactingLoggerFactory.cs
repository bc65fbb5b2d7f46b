using Microsoft.Extensions.Logging;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Hosting.Logging;

/// <summary>
/// Hands out loggers that format each message, mask every known secret, and only then pass the text on,
/// so no provider (stdout, the invocation log) ever sees a secret. Exceptions pass as their masked message.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor secrets) : ILoggerFactory
{
    private readonly Lock _including = new();
    private volatile SecretRedactor[] _runs = [];

    public SecretRedactor Secrets => secrets;

    /// <summary>How many runs are included and not yet ended: all a long-lived host holds on to.</summary>
    internal int RunsInProgress => _runs.Length;

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), this);

    /// <summary>
    /// Masks a run's secrets too (its plan's redactor, which keeps learning secrets while the run goes on), in every
    /// message logged from now on. Dispose the handle when the run is over: what the run learned stays masked (it joins
    /// <see cref="Secrets"/>, which holds each value once) and the run's redactor is let go, so a long-lived host holds
    /// only the runs in progress. A process that makes one run (the command line) may keep it to the end.
    /// </summary>
    public IDisposable Include(SecretRedactor run)
    {
        lock (_including)
        {
            _runs = [.. _runs, run];
        }

        return new Inclusion(this, run);
    }

    private void End(SecretRedactor run)
    {
        // Kept before the run is let go, so no message in between goes unmasked.
        secrets.AddRange(run.Values);
        lock (_including)
        {
            var index = Array.IndexOf(_runs, run);
            _runs = [.. _runs[..index], .. _runs[(index + 1)..]];
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

    private sealed class Inclusion(RedactingLoggerFactory owner, SecretRedactor run) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.End(run);
            }
        }
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
