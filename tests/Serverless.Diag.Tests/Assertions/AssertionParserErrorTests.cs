using System.Text.RegularExpressions;
using Serverless.Diag.Assertions;

namespace Serverless.Diag.Tests.Assertions;

public class AssertionParserErrorTests
{
    private const string OperatorList = "use ==, !=, <, <=, >, >=, in, !in, contains, !contains, matches, !matches, exists, !exists";
    private const string ExpectedOperator = "expected an operator after 'status', such as ==, <, in, contains, matches or exists";

    [Theory]
    // empty
    [InlineData("", 0, "empty assertion")]
    [InlineData("   ", 3, "empty assertion")]
    [InlineData("warn:", 5, "expected an assertion after 'warn:'")]
    [InlineData("warn:   ", 8, "expected an assertion after 'warn:'")]
    // paths
    [InlineData("== 200", 0, "expected a path before the operator, e.g. 'status == 200'")]
    [InlineData("200 == 200", 0, "expected a path such as 'status' or 'json.items[0].id'")]
    [InlineData("\"body\" == 1", 0, "expected a path such as 'status' or 'json.items[0].id'")]
    [InlineData("json. == 1", 5, "expected a name after '.' in the path")]
    [InlineData("json.items[ == 1", 11, "an indexer takes a number or a quoted key, e.g. [0], [-1] or [\"odd key\"]")]
    [InlineData("json.items[abc] == 1", 11, "an indexer takes a number or a quoted key, e.g. [0], [-1] or [\"odd key\"]")]
    [InlineData("json.items[0 == 1", 10, "unterminated indexer (expected ']')")]
    [InlineData("json.items[99999999999] == 1", 11, "index is too large")]
    [InlineData("json[\"odd == 1", 5, "unterminated string")]
    [InlineData("status, == 1", 6, "unexpected ',' in the path")]
    [InlineData("WARN: status == 1", 0, "unknown prefix 'WARN:' (use 'warn:' or 'fail:')")]
    [InlineData("error: status == 1", 0, "unknown prefix 'error:' (use 'warn:' or 'fail:')")]
    [InlineData("fail:", 5, "expected an assertion after 'fail:'")]
    // operators
    [InlineData("status", 6, ExpectedOperator)]
    [InlineData("status   ", 9, ExpectedOperator)]
    [InlineData("status 200", 7, ExpectedOperator)]
    [InlineData("status =< 200", 7, "unknown operator '=<' (did you mean '<='?)")]
    [InlineData("status => 200", 7, "unknown operator '=>' (did you mean '>='?)")]
    [InlineData("status = 200", 7, "unknown operator '=' (did you mean '=='?)")]
    [InlineData("status === 200", 7, "unknown operator '===' (did you mean '=='?)")]
    [InlineData("status <> 200", 7, "unknown operator '<>' (did you mean '!='?)")]
    [InlineData("body =~ \"x\"", 5, "unknown operator '=~' (did you mean 'matches'?)")]
    [InlineData("body contain \"x\"", 5, "unknown operator 'contain' (did you mean 'contains'?)")]
    [InlineData("body !contain \"x\"", 5, "unknown operator '!contain' (did you mean '!contains'?)")]
    [InlineData("body match \"x\"", 5, "unknown operator 'match' (did you mean 'matches'?)")]
    [InlineData("status IN [1]", 7, "unknown operator 'IN' (did you mean 'in'?)")]
    [InlineData("status not_in [1]", 7, "unknown operator 'not_in' (did you mean '!in'?)")]
    [InlineData("json.x exist", 7, "unknown operator 'exist' (did you mean 'exists'?)")]
    [InlineData("status foo 200", 7, "unknown operator 'foo' (" + OperatorList + ")")]
    [InlineData("status ! 200", 7, "unknown operator '!' (" + OperatorList + ")")]
    // values
    [InlineData("latency <", 9, "expected a value after '<'")]
    [InlineData("latency <   ", 12, "expected a value after '<'")]
    [InlineData("status == ,", 10, "expected a value after '=='")]
    [InlineData("body contains \"abc", 14, "unterminated string")]
    [InlineData("body contains 'abc\\'", 14, "unterminated string")]
    [InlineData("body contains \"abc\\", 14, "unterminated string")]
    [InlineData("body contains \"a\\qb\"", 16, "unknown escape '\\q' in string (use \\\" \\' \\\\ \\n \\r \\t)")]
    [InlineData("latency < 2sec", 11, "unknown unit 'sec' (use ms, s, m, h, d)")]
    [InlineData("latency < 2 s", 12, "trailing text after the value")]
    [InlineData("latency < 2us", 11, "unknown unit 'us' (use ms, s, m, h, d)")]
    [InlineData("size < 5kb", 8, "unknown unit 'kb' (use B, KB, MB, GB)")]
    [InlineData("size < 5TB", 8, "unknown unit 'TB' (use B, KB, MB, GB)")]
    [InlineData("ratio < 5pct", 9, "unknown unit 'pct' (use % after the number, e.g. 80%)")]
    [InlineData("latency < 2y", 11, "unknown unit 'y' (use ms, s, m, h, d for durations, B, KB, MB, GB for sizes, or %)")]
    [InlineData("latency < 2x", 12, "expected 'baseline' after '2x' (e.g. '2x baseline'); 'x' makes a number a factor of the check's own history")]
    [InlineData("status == 2xx", 11, "unknown unit 'xx' (for a status class write status >= 200 and status < 300 on two lines, or status matches \"^2\")")]
    [InlineData("status == @", 10, "unexpected '@'")]
    [InlineData("json.x == 1e999", 10, "number is too large")]
    // operator and value kinds
    [InlineData("status in 401", 10, "'in' needs a list such as [401, 403]")]
    [InlineData("status !in 401", 11, "'!in' needs a list such as [401, 403]")]
    [InlineData("status == [200]", 10, "a list can only follow 'in' or '!in'")]
    [InlineData("body contains [\"a\"]", 14, "a list can only follow 'in' or '!in'")]
    [InlineData("latency < \"2s\"", 10, "'<' needs a number, e.g. 200, 2s, 1MB or 80%")]
    [InlineData("json.ok >= true", 11, "'>=' needs a number, e.g. 200, 2s, 1MB or 80%")]
    [InlineData("body matches 5", 13, "'matches' needs a quoted regular expression, e.g. \"^OK\"")]
    [InlineData("headers.server exists 1", 22, "'exists' takes no value")]
    [InlineData("headers.server !exists \"x\"", 23, "'!exists' takes no value")]
    // lists
    [InlineData("status in [401, 403", 10, "unterminated list (expected ']')")]
    [InlineData("status in [", 10, "unterminated list (expected ']')")]
    [InlineData("status in [401 403]", 15, "expected ',' or ']' in the list")]
    [InlineData("status in [401, [1]]", 16, "lists cannot be nested")]
    [InlineData("status in [401,]", 15, "expected a value in the list")]
    [InlineData("status in [,401]", 11, "expected a value in the list")]
    [InlineData("status in [401, maybe]", 16, "unexpected 'maybe' (quote text, e.g. \"maybe\")")]
    // trailing text
    [InlineData("status == 200 300", 14, "trailing text after the value")]
    [InlineData("status == 200 and latency < 2s", 14, "trailing text after the value (write each assertion that must hold on its own line; join alternatives with 'or')")]
    [InlineData("status == 200 || status == 204", 14, "trailing text after the value (write each assertion that must hold on its own line; join alternatives with 'or')")]
    // or, len(), paths on the right, !matches
    [InlineData("status == 200 or", 14, "expected another assertion after 'or'")]
    [InlineData("status == 200 or   ", 14, "expected another assertion after 'or'")]
    [InlineData("status == 200 or == 204", 17, "expected a path before the operator, e.g. 'status == 200'")]
    [InlineData("status == 200 or status", 23, ExpectedOperator)]
    [InlineData("status == or", 10, "expected a value after '=='")]
    [InlineData("status == 200 orr status == 204", 14, "trailing text after the value")]
    [InlineData("len(json.items >= 3", 15, "expected ')' to close 'len(' after the path")]
    [InlineData("len() >= 3", 4, "expected a path such as 'status' or 'json.items[0].id'")]
    [InlineData("len(json.items) exists", 16, "len(...) is a number: compare it with ==, !=, <, <=, >, >=, in or !in, not 'exists'")]
    [InlineData("len(json.items) contains 3", 16, "len(...) is a number: compare it with ==, !=, <, <=, >, >=, in or !in, not 'contains'")]
    [InlineData("len(json.items) >= 3s", 19, "len(...) is a count: compare it with a plain number such as 3 (or another path)")]
    [InlineData("len(json.name) == \"x\"", 18, "len(...) is a count: compare it with a plain number such as 3 (or another path)")]
    [InlineData("len(json.items) in [1, \"2\"]", 19, "len(...) is a count: the list must hold plain numbers such as [0, 1]")]
    [InlineData("json.used <= json.limit(", 23, "trailing text after the value")]
    [InlineData("body matches json.pattern", 13, "'matches' needs a regular expression written in the config, not a measured value")]
    [InlineData("body !matches json.pattern", 14, "'!matches' needs a regular expression written in the config, not a measured value")]
    [InlineData("body !matches 3", 14, "'!matches' needs a quoted regular expression, e.g. \"^OK\"")]
    [InlineData("body !~ \"x\"", 5, "unknown operator '!~' (did you mean '!matches'?)")]
    [InlineData("json.items[-] == 1", 12, "an indexer takes a number or a quoted key, e.g. [0], [-1] or [\"odd key\"]")]
    [InlineData("status in [1] x", 14, "trailing text after the value")]
    [InlineData("latency < 5ms2", 13, "trailing text after the value")]
    // offsets count the warn: prefix
    [InlineData("warn: status =< 1", 13, "unknown operator '=<' (did you mean '<='?)")]
    [InlineData("warn: latency < 3sec", 17, "unknown unit 'sec' (use ms, s, m, h, d)")]
    public void Reports_the_problem_and_where_it_starts(string text, int offset, string message)
    {
        var ok = AssertionParser.TryParse(text, AssertionLevel.Fail, out var assertion, out var error);

        Assert.False(ok);
        Assert.Null(assertion);
        Assert.Equal(new AssertionSyntaxError(offset, message), error);
    }

    [Theory]
    [InlineData("body matches \"(\"", 13, "(")]
    [InlineData("body matches \"[a-\"", 13, "[a-")]
    [InlineData("warn: body matches 'a{2,1}'", 19, "a{2,1}")]
    [InlineData("body !matches \"(\"", 14, "(")]
    public void An_invalid_regular_expression_is_rejected_with_the_engines_reason(string text, int offset, string pattern)
    {
        var reason = Assert.Throws<RegexParseException>(() => new Regex(pattern)).Message;

        Assert.False(AssertionParser.TryParse(text, AssertionLevel.Fail, out _, out var error));

        Assert.Equal(offset, error!.Offset);
        Assert.Equal($"invalid regular expression: {reason}", error.Message);
    }
}
