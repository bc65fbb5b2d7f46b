using System.Security.Authentication;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// Thrown from the certificate validation callback so the reason (expired, untrusted, wrong name) in
/// words reaches the probe's error instead of .NET's generic "remote certificate is invalid".
/// </summary>
public sealed class CertificateRejectedException : AuthenticationException
{
    public CertificateRejectedException()
    {
    }

    public CertificateRejectedException(string message)
        : base(message)
    {
    }

    public CertificateRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
