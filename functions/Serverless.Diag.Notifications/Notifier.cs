using System.Text;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Incidents;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Notifications.Delivery;
using Serverless.Diag.Notifications.Payloads;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Notifications;

/// <summary>
/// The <c>notify:</c> channels, fed by the incident lifecycle: plans one delivery per event and interested channel,
/// sends the due ones (retrying within the run), and reports each outcome for the incident state to keep.
/// In dry-run mode it prints what it would send and records nothing.
/// </summary>
public sealed partial class Notifier : IIncidentNotifier
{
    private readonly NotifySettings _settings;
    private readonly TimeProvider _time;
    private readonly SecretRedactor _secrets;
    private readonly ILogger _logger;
    private readonly DeliveryOptions _options;
    private readonly NotificationSender _sender;
    private readonly NoticeBuilder _notices;
    private readonly TextWriter? _dryRun;

    /// <param name="dryRun">Where to print the notifications instead of sending them (<c>--dry-run-notify</c>).</param>
    public Notifier(NotifySettings settings, HttpClient http, TimeProvider time, SecretRedactor secrets, ILogger<Notifier> logger, DeliveryOptions? options = null, TextWriter? dryRun = null)
    {
        _settings = settings;
        _time = time;
        _secrets = secrets;
        _logger = logger;
        _options = options ?? new DeliveryOptions();
        _sender = new NotificationSender(http, time, _options);
        _notices = new NoticeBuilder(secrets);
        _dryRun = dryRun;

        // Webhook URLs, routing keys and secrets are secrets wherever they came from.
        foreach (var channel in settings.Channels)
        {
            secrets.AddRange(channel.SecretValues);
        }
    }

    public IReadOnlyList<NotificationDelivery> Plan(IncidentDecision decision, IncidentSubject subject)
    {
        var planned = new List<NotificationDelivery>();
        foreach (var e in decision.Events)
        {
            if (NotifyEvents.Of(e.Kind) is not { } notifyEvent)
            {
                continue;
            }

            var probe = new NotificationDelivery(string.Empty, notifyEvent.Wire(), Notice.IdOf(subject.Fingerprint, notifyEvent, e.At), e.At, e.Severity);
            var notice = _notices.Build(probe, subject);
            foreach (var channel in _settings.Channels.Where(c => c.Wants(notice)))
            {
                if (_dryRun is not null)
                {
                    PrintDryRun(channel, notice);
                    continue;
                }

                planned.Add(probe with { Channel = channel.Name });
            }
        }

        return planned;
    }

    public async Task<IReadOnlyList<NotificationDelivery>> DeliverAsync(IReadOnlyList<NotificationDelivery> due, IncidentSubject subject, CancellationToken cancellationToken)
    {
        var results = new List<NotificationDelivery>(due.Count);
        foreach (var delivery in due)
        {
            results.Add(delivery.IsDue ? await DeliverOneAsync(delivery, subject, cancellationToken) : delivery);
        }

        return results;
    }

    private async Task<NotificationDelivery> DeliverOneAsync(NotificationDelivery delivery, IncidentSubject subject, CancellationToken cancellationToken)
    {
        var channel = _settings.Channels.FirstOrDefault(c => c.Name == delivery.Channel);
        if (channel is null)
        {
            return delivery with { GaveUp = true, LastError = "the channel is no longer configured" };
        }

        var notice = _notices.Build(delivery, subject);
        var (body, headers) = PayloadWriter.Write(channel, notice, _time.GetUtcNow());
        var result = await _sender.SendAsync(channel.Endpoint, body, headers, cancellationToken);
        var runs = delivery.Runs + 1;
        if (result.Delivered)
        {
            LogDelivered(delivery.Event, subject.Fingerprint, channel.Name, result.Attempts);
            return delivery with { Runs = runs, Delivered = true, LastError = null };
        }

        var error = _secrets.Redact(result.Error ?? "failed");
        var gaveUp = !result.Retryable || runs >= _options.MaxRuns;
        LogFailed(delivery.Event, subject.Fingerprint, channel.Name, error, gaveUp ? "given up" : "retried next run");
        return delivery with { Runs = runs, GaveUp = gaveUp, LastError = error };
    }

    private void PrintDryRun(NotifyChannel channel, Notice notice)
    {
        var (body, headers) = PayloadWriter.Write(channel, notice, _time.GetUtcNow());
        var text = new StringBuilder()
            .Append("notify ").Append(channel.Name).Append(" (").Append(channel.Type.ToString().ToLowerInvariant()).Append("): ")
            .Append(notice.Event.Wire()).Append(' ').Append(notice.Fingerprint).Append(" -> POST ").Append(channel.Endpoint).Append('\n');
        foreach (var (name, value) in headers)
        {
            text.Append("  ").Append(name).Append(": ").Append(value).Append('\n');
        }

        text.Append("  ").Append(Encoding.UTF8.GetString(body)).Append('\n');
        _dryRun!.Write(_secrets.Redact(text.ToString()));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notified {Event} of {Fingerprint} to {Channel} ({Attempts} attempt(s))")]
    private partial void LogDelivered(string @event, string fingerprint, string channel, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Event} of {Fingerprint} to {Channel} failed: {Error}; {Next}")]
    private partial void LogFailed(string @event, string fingerprint, string channel, string error, string next);
}
