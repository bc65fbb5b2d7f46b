using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Logging;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Sinks.Json;
using Serverless.Diag.Sinks.Markdown;

namespace Serverless.Diag.Hosting.Http;

/// <summary>
/// <c>GET|POST /api/diagnose</c>, shared by the Functions worker's HTTP trigger (the host forwards the caller's
/// request after checking the function key) and <c>serverless-diag serve</c> (which checks its own key).
/// </summary>
/// <remarks>
/// A completed diagnosis answers 200 whatever the targets' health (status in the body and in
/// <c>Serverless-Diag-Status</c>): platform 5xx metrics and gateways must not read an unhealthy target as a broken
/// diagnostics service. 400/413 for the caller's mistakes, 500 only for the app's own (its config, its settings).
/// </remarks>
public sealed class DiagnoseHttpHandler(DiagnosisService diagnosis, RedactingLoggerFactory loggers, DiagnoseHttpOptions options)
{
    public const string Route = "/api/diagnose";
    public const string StatusHeader = "Serverless-Diag-Status";

    private readonly ILogger _logger = loggers.CreateLogger("Serverless.Diag.Diagnose");

    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        try
        {
            await ServeAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; the shared run goes on for anyone else waiting on it.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The engine turns a target's faults into results; anything reaching here is our bug. The caller gets
            // the exception's type only: a stack trace helps no one there.
            _logger.LogError(e, "Diagnose failed unexpectedly");
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.Headers.CacheControl = "no-store";
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, new ErrorBody($"internal error ({e.GetType().Name}); see the app's logs"));
            }
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (options.ApiKey is not null && !HasKey(context.Request, options.ApiKey))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, new ErrorBody("a valid key is required (x-functions-key header or code= query)"));
            return;
        }

        DiagnosisSelection selection;
        try
        {
            selection = await DiagnoseRequestReader.ReadAsync(context.Request, context.RequestAborted);
        }
        catch (DiagnoseRequestException e)
        {
            await WriteErrorAsync(context, e.StatusCode, new ErrorBody(e.Message));
            return;
        }

        var request = selection.Request with { Budget = diagnosis.Settings.DiagnoseBudget };

        // Load checks run on demand only when the deployment says so (and the environment allows load); nothing in
        // the request can turn them on.
        var filter = new RunFilter
        {
            Environments = request.Environments,
            Checks = request.Checks,
            Tags = request.Tags,
            AllowLoadChecks = diagnosis.Settings.AllowLoadOnDemand,
        };
        var outcome = await diagnosis.RunAsync(request, filter, "http", context.RequestAborted);
        switch (outcome)
        {
            case DiagnosisOutcome.Completed completed:
                await WriteReportAsync(context, completed, selection.FailStatus);
                break;
            case DiagnosisOutcome.UnknownSelection unknown:
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, new ErrorBody(unknown.Message, ValidNames: unknown.ValidNames));
                break;
            case DiagnosisOutcome.ConfigRefused refused:
                // The caller did nothing wrong: the deployment's config or app settings are broken.
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, new ErrorBody(
                    $"the deployed configuration ({Path.GetFileName(refused.ConfigPath)}) cannot run; nothing was checked. This is a deployment problem: fix the file or the app settings it names.",
                    Problems: refused.Problems));
                break;
        }
    }

    private static async Task WriteReportAsync(HttpContext context, DiagnosisOutcome.Completed completed, int? failStatus)
    {
        var report = completed.Result.Report;
        var response = context.Response;
        response.StatusCode = report.Status == RunStatus.Fail && failStatus is { } status ? status : StatusCodes.Status200OK;
        response.Headers[StatusHeader] = report.Status.ToWire();
        if (completed.IncidentsRequested)
        {
            response.Headers["Serverless-Diag-Incidents"] = completed.Incidents is { } i
                ? string.Create(CultureInfo.InvariantCulture, $"opened={i.Opened}; updated={i.Updated}; commented={i.Commented}; closed={i.Closed}; reopened={i.Reopened}; problems={i.Problems.Count}")
                : "unavailable (GITHUB_TOKEN or repository not set)";
        }

        if (WantsMarkdown(context.Request))
        {
            response.ContentType = "text/markdown; charset=utf-8";
            await response.WriteAsync(MarkdownReportWriter.ToMarkdown(report), Encoding.UTF8, context.RequestAborted);
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(JsonReportWriter.ToJson(report), Encoding.UTF8, context.RequestAborted);
        }
    }

    private static bool WantsMarkdown(HttpRequest request)
    {
        foreach (var accept in request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1))
        {
            if (accept.MediaType.Equals("text/markdown", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (accept.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return false;
    }

    private static bool HasKey(HttpRequest request, string key)
    {
        StringValues given = request.Headers["x-functions-key"];
        if (StringValues.IsNullOrEmpty(given))
        {
            given = request.Query["code"];
        }

        var expected = Encoding.UTF8.GetBytes(key);
        return given.Any(g => g is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(g), expected));
    }

    private static Task WriteErrorAsync(HttpContext context, int status, ErrorBody body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, ErrorJson.Default.ErrorBody, contentType: "application/json; charset=utf-8", cancellationToken: context.RequestAborted);
    }
}

/// <param name="ApiKey">
/// <c>serve</c> only: the key /api/diagnose requires (x-functions-key header or code= query), standing in for the
/// Functions host's function key. Null: the host checks the key, or serve listens on loopback only.
/// </param>
public sealed record DiagnoseHttpOptions(string? ApiKey = null);
