using System.Net.Sockets;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Probes.Tcp;

namespace Serverless.Diag.Probes.Dns;

internal sealed class DnsProbe(string host, DnsRecordType type) : IProbe
{
    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var time = context.TimeProvider;
        using var deadline = new CancellationTokenSource(context.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var family = type switch
        {
            DnsRecordType.A => AddressFamily.InterNetwork,
            DnsRecordType.Aaaa => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unspecified,
        };
        var result = new ProbeResult();
        var started = time.GetTimestamp();
        try
        {
            // WaitAsync: a resolver that ignores cancellation must not hold the check past its timeout.
            var addresses = await System.Net.Dns.GetHostAddressesAsync(host, family, linked.Token).WaitAsync(linked.Token);
            result.Measurements.Set(DnsVocabulary.Latency, time.GetElapsedTime(started));
            result.Measurements.Set(DnsVocabulary.Resolved, addresses.Length > 0);
            result.Measurements.Set(DnsVocabulary.Addresses, addresses.Select(a => (object?)a.ToString()).ToList());
            if (addresses.Length == 0 && !NegativeExpectation.Expects(context, DnsVocabulary.Resolved))
            {
                result.Error = new ProbeError(ErrorCause.Dns, $"'{host}' has no {type} records");
            }

            return result;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            result.Error = NetworkFailure.Timeout(context.Timeout, $"'{host}' did not resolve");
            return result.WithHint("The resolver did not answer in time: check the DNS servers this host uses (/etc/resolv.conf) and their reachability.");
        }
        catch (SocketException e) when (NetworkFailure.IsDns(e))
        {
            result.Measurements.Set(DnsVocabulary.Latency, time.GetElapsedTime(started));
            result.Measurements.Set(DnsVocabulary.Resolved, false);
            result.Measurements.Set(DnsVocabulary.Addresses, new List<object?>());
            if (!NegativeExpectation.Expects(context, DnsVocabulary.Resolved))
            {
                result.Error = new ProbeError(ErrorCause.Dns, $"could not resolve '{host}': {e.Message}");
                result.Hints.Add("Check the host name and its DNS records (nslookup/dig), and that the record exists in this environment's zone.");
            }

            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result.Error = NetworkFailure.Classify(e, host);
            return result;
        }
    }
}
