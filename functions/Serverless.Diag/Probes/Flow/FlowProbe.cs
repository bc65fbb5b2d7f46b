using System.Globalization;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Http;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.Flow;

/// <summary>
/// One run of a <c>flow</c>: the steps in order, each an http request through one cookie jar, until one fails; then the
/// <c>finally</c> steps, always, under a time budget of their own (a flow that ran out of time still cleans up). A failed
/// step assertion is a finding naming the step (the check is <c>fail</c>); a step that could not be measured is the
/// check's <c>error</c>, named the same way.
/// </summary>
internal sealed class FlowProbe(FlowSettings settings, HttpMessageInvoker shared) : IProbe
{
    public FlowSettings Settings => settings;

    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var time = context.TimeProvider;
        var started = time.GetTimestamp();
        var run = new FlowRun(context, new CookieSession(shared, context.Secrets));
        using (run.Session)
        {
            foreach (var step in settings.Steps)
            {
                if (run.Stopped is { } stoppedAt)
                {
                    run.Log.Add($"{step.Name}: not run (step '{stoppedAt}' failed)");
                    continue;
                }

                await RunStepAsync(run, step, "step", cancellationToken);
            }

            // The flow's own token may have fired (its timeout): clean-up gets a budget of its own.
            using var cleanup = new CancellationTokenSource(context.Timeout, time);
            foreach (var step in settings.Finally)
            {
                if (step.References.Select(r => r.Name).FirstOrDefault(n => !run.Values.ContainsKey(n)) is { } missing)
                {
                    run.Log.Add($"finally {step.Name}: not run (${{{missing}}} was not captured)");
                    continue;
                }

                await RunStepAsync(run, step, "finally step", cleanup.Token);
            }
        }

        var result = run.Result;
        result.Measurements.Set(FlowVocabulary.Latency, time.GetElapsedTime(started));
        var log = string.Join('\n', run.Log);
        result.DeferEvidence(() => [new Evidence("Steps", context.Secrets.Redact(log)), .. run.FailedEvidence]);
        return result;
    }

    private async Task RunStepAsync(FlowRun run, FlowStep step, string kind, CancellationToken cancellationToken)
    {
        var context = run.Context;
        var label = $"{kind} '{step.Name}'";
        if (Request(run, step) is not { } request)
        {
            return;
        }

        var late = new List<Assertion>(step.ExpectLater.Count);
        foreach (var expectation in step.ExpectLater)
        {
            var text = expectation.Fill(run.Values);
            if (AssertionParser.TryParse(text, AssertionLevel.Fail, out var assertion, out var error))
            {
                late.Add(assertion);
            }
            else
            {
                run.Fail(step, $"{label}: {context.Secrets.Redact(text)}", $"with the captured values the assertion does not parse: {error.Message}");
                return;
            }
        }

        var stepContext = new ProbeContext
        {
            Environment = context.Environment,
            CheckName = context.CheckName,
            Timeout = context.Timeout,
            TimeProvider = context.TimeProvider,
            Logger = context.Logger,
            Secrets = context.Secrets,
            Trace = context.Trace,
            Attempt = context.Attempt,
            Assertions = late.Count == 0 ? step.Needs : [.. step.Needs, .. late],
        };
        var outcome = await new HttpProbe(request, run.Session).RunAsync(stepContext, cancellationToken);
        var m = outcome.Measurements;
        var status = m.Lookup(HttpVocabulary.Status);
        var latency = m.Lookup(HttpVocabulary.Latency);
        if (status.Found)
        {
            run.Result.Measurements.Set(FlowVocabulary.StepStatus(step.Name), status.Value);
        }

        if (latency.Found)
        {
            run.Result.Measurements.Set(FlowVocabulary.StepLatency(step.Name), latency.Value);
        }

        var line = $"{(kind == "step" ? string.Empty : "finally ")}{step.Name}: {request.Method} {request.Url.GetLeftPart(UriPartial.Path)} -> " +
            (status.Found ? Convert.ToString(status.Value, CultureInfo.InvariantCulture) : "no answer") +
            (latency.Value is double ms ? $" in {ms:0} ms" : string.Empty);
        if (outcome.Error is { } failure)
        {
            run.Log.Add(line + $" ({failure.Cause})");
            run.Error(step, outcome, failure with { Message = $"{label}: {failure.Message}" });
            return;
        }

        foreach (var assertion in step.Expect.Concat(late))
        {
            var evaluated = AssertionEvaluator.Evaluate(assertion, m, context.Secrets);
            if (!evaluated.Passed)
            {
                run.Log.Add(line + $" (failed: {assertion.Text})");
                run.Fail(step, $"{label}: {assertion.Text}", evaluated.Message ?? evaluated.Actual ?? "does not hold", outcome);
                return;
            }
        }

        foreach (var capture in step.Captures)
        {
            var (value, missing) = capture.Read(m);
            if (value is null)
            {
                run.Log.Add(line + $" (no {capture.Name})");
                run.Fail(step, $"{label}: capture {capture.Name} from {capture.From}", missing ?? "not found", outcome);
                return;
            }

            if (!capture.Public)
            {
                context.Secrets.Add(value);
            }

            run.Values[capture.Name] = value;
        }

        run.Log.Add(line);
    }

    /// <summary>The step's request with the captured values filled in, or null (the step failed) when they make it invalid.</summary>
    private HttpProbeSettings? Request(FlowRun run, FlowStep step)
    {
        var label = $"step '{step.Name}'";
        var url = step.Url.Fill(run.Values, TemplateEncoding.Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            run.Fail(step, $"{label}: url", "with the captured values the url is not an absolute http or https URL");
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>(step.Headers.Count);
        foreach (var (name, template) in step.Headers)
        {
            var value = template.Fill(run.Values);
            if (RequestHeaders.HasControlCharacter(value))
            {
                run.Fail(step, $"{label}: headers.{name}", "a captured value holds a control character (a line break?): a header value must be one line");
                return null;
            }

            headers.Add(new(name, value));
        }

        var json = step.ContentType == "application/json";
        return new HttpProbeSettings
        {
            Url = uri,
            Method = step.Method,
            Headers = headers,
            Body = step.Body is { } body ? System.Text.Encoding.UTF8.GetBytes(body.Fill(run.Values, json ? TemplateEncoding.Json : TemplateEncoding.None)) : null,
            ContentType = step.ContentType,
            FollowRedirects = step.FollowRedirects,
            InsecureSkipVerify = settings.InsecureSkipVerify,
            MaxBody = settings.MaxBody,
            Authorization = step.Authorization,
            TokenSource = step.TokenSource,
        };
    }

    /// <summary>What one run of the flow has so far: captured values, the step log, the result being built.</summary>
    private sealed class FlowRun(ProbeContext context, CookieSession session)
    {
        public ProbeContext Context => context;

        public CookieSession Session => session;

        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        public List<string> Log { get; } = [];

        public ProbeResult Result { get; } = new();

        public List<Evidence> FailedEvidence { get; } = [];

        /// <summary>The step that stopped the flow; null while all went well.</summary>
        public string? Stopped { get; private set; }

        public void Fail(FlowStep step, string expectation, string actual, ProbeResult? outcome = null)
        {
            Result.Findings.Add(new ProbeFinding(context.Secrets.Redact(expectation), context.Secrets.Redact(actual), context.Secrets.Redact($"step '{step.Name}' of this flow")));
            Keep(step, outcome);
        }

        public void Error(FlowStep step, ProbeResult outcome, ProbeError error)
        {
            Result.Error ??= error with { Message = context.Secrets.Redact(error.Message) };
            Keep(step, outcome);
        }

        private void Keep(FlowStep step, ProbeResult? outcome)
        {
            Stopped ??= step.Name;
            if (outcome is null)
            {
                return;
            }

            foreach (var evidence in outcome.Evidence)
            {
                FailedEvidence.Add(evidence with { Title = $"{step.Name}: {evidence.Title}" });
            }

            foreach (var hint in outcome.Hints.Where(h => !Result.Hints.Contains(h)))
            {
                Result.Hints.Add(hint);
            }
        }
    }
}
