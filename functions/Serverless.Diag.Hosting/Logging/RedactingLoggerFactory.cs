using Microsoft.Extensions.Logging;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Hosting.Logging;

/// <summary>
/// Hands out loggers that format each message, mask every known secret, and only then pass the text on,
/// so no provider (stdout, the invocation log) ever sees a secret. Exceptions pass as their masked message.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor secrets) : ILoggerFactory
{
    public SecretRedactor Secrets => secrets;

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), secrets);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to the DI container.
    public void Dispose()
    {
    }

    private sealed class RedactingLogger(ILogger inner, SecretRedactor secrets) : ILogger
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
