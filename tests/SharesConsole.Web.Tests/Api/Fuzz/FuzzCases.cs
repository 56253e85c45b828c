using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharesConsole.Web.Tests.Api.Fuzz;

/// <summary>One hostile request: a name for failure messages, the raw path and query, and a body (or none).</summary>
public sealed record FuzzCase(string Name, string Method, string PathAndQuery, Func<HttpContent?> Body)
{
    public override string ToString() => $"{Method} {(PathAndQuery.Length > 120 ? PathAndQuery[..120] + "…" : PathAndQuery)} [{Name}]";
}

/// <summary>
/// Turns an operation into hostile requests: odd path values, odd query values, and bodies that are malformed, of
/// the wrong types, null, huge, of unknown enum values, several MiB long, forms without a token, not JSON at all.
/// Path parameters not under attack get values that look valid, so the request gets past routing to the handler.
/// </summary>
public sealed class FuzzCases(OpenApiOperations document)
{
    /// <summary>Larger than the API's body limit, so the limit itself is tried too.</summary>
    public const int SeveralMiB = 3 * 1024 * 1024;

    private static readonly string Huge = new('a', 100_000);

    private static readonly string[] OddPathValues =
    [
        "%00", "..", "%2e%2e", "..%2f..%2fetc%2fpasswd", new string('a', 3000), "-1", "0", "2147483648", "99999999999999999999",
        "%F0%9F%98%80", "%FF%FE", "a%2Fb", "%20", "%25", "null", "node-a%00.evil",
    ];

    private static readonly string[] OddQueryValues =
    [
        new string('9', 3000), "-1", "0", "99999999999999999999", "%00", "NoSuchValue", "", "1e309", "true", "%FF", "2147483647",
        "-2147483648", "9223372036854775807", "0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59-14:00", "1&{0}=2",
    ];

    public IEnumerable<FuzzCase> For(OpenApiOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var pathParameters = operation.Parameters.Where(p => p.In == "path").ToList();
        foreach (var target in pathParameters)
        {
            foreach (var value in OddPathValues)
            {
                yield return new($"path {target.Name}={Short(value)}", operation.Method, Path(operation, target.Name, value), () => null);
            }
        }

        var query = operation.Parameters.Where(p => p.In == "query").ToList();
        foreach (var value in query.Count == 0 ? [] : OddQueryValues)
        {
            var q = string.Join('&', query.Select(p => $"{p.Name}={string.Format(CultureInfo.InvariantCulture, value, p.Name)}"));
            yield return new($"query all={Short(value)}", operation.Method, Path(operation, null, null) + "?" + q, () => null);
        }

        var path = Path(operation, null, null);
        foreach (var (name, body) in Bodies(operation))
        {
            yield return new(name, operation.Method, path, body);
        }
    }

    /// <summary>Form posts without an antiforgery token to a form endpoint outside the OpenAPI document.</summary>
    public static IEnumerable<FuzzCase> Forms(string path)
    {
        yield return new("form without token", "POST", path, () => Form(("username", "admin"), ("password", "x")));
        yield return new("form without token, empty", "POST", path, () => Form());
        yield return new("form without token, huge field", "POST", path, () => Form(("username", Huge), ("password", Huge)));
        yield return new("form, bogus token", "POST", path, () => Form(("__RequestVerificationToken", "CfDJ8bogus"), ("username", "admin")));
        yield return new("multipart without boundary", "POST", path, () => Raw("x", "multipart/form-data"));
        yield return new("JSON to a form", "POST", path, () => Raw("{\"username\":\"admin\"}", "application/json"));
        yield return new("several MiB form", "POST", path, () => Form(("username", new string('a', SeveralMiB))));
    }

    private IEnumerable<(string Name, Func<HttpContent?> Body)> Bodies(OpenApiOperation operation)
    {
        yield return ("malformed JSON", () => Json("{\"name\": "));
        yield return ("JSON null", () => Json("null"));
        yield return ("JSON array", () => Json("[]"));
        yield return ("JSON string", () => Json("\"x\""));
        yield return ("JSON number", () => Json("1e999"));
        yield return ("deeply nested", () => Json(new string('[', 5000) + new string(']', 5000)));
        yield return ("invalid UTF-8", () => new ByteArrayContent([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        yield return ("several MiB JSON", () => Json("{\"name\":\"" + new string('a', SeveralMiB) + "\"}"));
        yield return ("form without token", () => Form(("name", "x"), ("url", "http://127.0.9.250/")));
        yield return ("text/plain", () => Raw("hello", "text/plain"));
        yield return ("no content type", () => new ByteArrayContent("{}"u8.ToArray()));
        yield return ("empty JSON body", () => Json(""));
        yield return ("JSON in UTF-7", () => Raw("{}", "application/json; charset=utf-7"));
        yield return ("JSON in an unknown charset", () => Raw("{}", "application/json; charset=no-such-charset"));
        yield return ("JSON, vendor media type", () => Raw("{\"a\":1}", "application/problem+json"));
        if (operation.Body is not { } schema)
        {
            yield return ("JSON object to an operation without a body", () => Json("{\"a\":1}"));
            yield break;
        }

        yield return ("plausible", () => Json(Named(schema, PlausibleFor)));
        foreach (var (property, type, _) in Properties(schema))
        {
            foreach (var (label, value) in Mutations(type))
            {
                yield return ($"{property}={label}", () => Json(Named(schema, (name, t, s) => name == property ? value?.DeepClone() : PlausibleFor(name, t, s))));
            }
        }

        yield return ("wrong types", () => Json(Object(schema, WrongType)));
        yield return ("nulls", () => Json(Object(schema, (_, _) => null)));
        yield return ("huge strings", () => Json(Object(schema, (type, s) => type is "string" or "array" ? Wrap(type, s, JsonValue.Create(Huge)) : Plausible(type, s))));
        yield return ("huge numbers", () => Json(Object(schema, (type, s) => type is "integer" or "number" ? JsonValue.Create(1e308) : Plausible(type, s))));
        yield return ("integers past Int64", () => Json(Object(schema, (type, s) => type is "integer" or "number" ? JsonNode.Parse("123456789012345678901234567890") : Plausible(type, s))));
        yield return ("negative numbers", () => Json(Object(schema, (type, s) => type is "integer" or "number" ? JsonValue.Create(-2147483649L) : Plausible(type, s))));
        yield return ("unknown enum values", () => Json(Object(schema, (type, s) => type is "string" ? JsonValue.Create("NoSuchValue") : Plausible(type, s))));
        yield return ("odd strings", () => Json(Object(schema, (type, s) => type is "string" ? JsonValue.Create("\0../..\u202e%00<script>") : Plausible(type, s))));
        yield return ("Int32 extremes", () => Json(Object(schema, (type, s) => type is "integer" or "number" ? JsonValue.Create(int.MaxValue) : Plausible(type, s))));
        yield return ("Int32 minimum", () => Json(Object(schema, (type, s) => type is "integer" or "number" ? JsonValue.Create(int.MinValue) : Plausible(type, s))));
        yield return ("Int64 maximum", () => Json(Object(schema, (type, s) => type is "integer" or "number" ? JsonValue.Create(long.MaxValue) : Plausible(type, s))));
        yield return ("earliest dates", () => Json(Object(schema, (type, s) => type is "string" ? JsonValue.Create("0001-01-01T00:00:00+14:00") : Plausible(type, s))));
        yield return ("latest dates", () => Json(Object(schema, (type, s) => type is "string" ? JsonValue.Create("9999-12-31T23:59:59-14:00") : Plausible(type, s))));
        yield return ("lone surrogates", () => Json(Object(schema, (type, s) => type is "string" ? JsonValue.Create("LONE-SURROGATE") : Plausible(type, s)).Replace("LONE-SURROGATE", "\\ud800", StringComparison.Ordinal)));
        yield return ("unknown fields only", () => Json("{\"zzz\":1,\"__proto__\":{}}"));
    }

    private string Path(OpenApiOperation operation, string? attacked, string? value)
    {
        var path = operation.Path;
        foreach (var p in operation.Parameters.Where(p => p.In == "path"))
        {
            var v = p.Name == attacked ? value! : p.Type is "integer" or "number" ? "999999" : "node-a";
            path = path.Replace("{" + p.Name + "}", v, StringComparison.Ordinal);
        }

        return path;
    }

    /// <summary>An object with every property of <paramref name="schema"/> set by <paramref name="value"/> (type, property schema).</summary>
    private string Object(JsonElement schema, Func<string, JsonElement, JsonNode?> value) => Named(schema, (name, type, s) => value(type, s));

    /// <summary>An object with every property set by <paramref name="value"/> (name, type, property schema).</summary>
    private string Named(JsonElement schema, Func<string, string, JsonElement, JsonNode?> value)
    {
        var o = new JsonObject();
        foreach (var (name, type, s) in Properties(schema))
        {
            o[name] = value(name, type, s);
        }

        return o.ToJsonString();
    }

    private IEnumerable<(string Name, string Type, JsonElement Schema)> Properties(JsonElement schema)
    {
        if (!schema.TryGetProperty("properties", out var properties))
        {
            yield break;
        }

        foreach (var p in properties.EnumerateObject())
        {
            var s = document.Resolve(p.Value);
            yield return (p.Name, OpenApiOperations.TypeOf(s), s);
        }
    }

    /// <summary>Hostile values for one property of a type, each with a label for the case's name.</summary>
    private static IEnumerable<(string Label, JsonNode? Value)> Mutations(string type)
    {
        yield return ("null", null);
        yield return ("wrong type", type is "string" ? JsonValue.Create(12345) : JsonValue.Create("not a " + type));
        switch (type)
        {
            case "integer" or "number":
                yield return ("Int32.MaxValue", JsonValue.Create(int.MaxValue));
                yield return ("Int32.MinValue", JsonValue.Create(int.MinValue));
                yield return ("Int64.MaxValue", JsonValue.Create(long.MaxValue));
                yield return ("1e308", JsonValue.Create(1e308));
                yield return ("past Int64", JsonNode.Parse("123456789012345678901234567890"));
                yield return ("-1", JsonValue.Create(-1));
                yield return ("0", JsonValue.Create(0));
                yield return ("1.5", JsonValue.Create(1.5));
                break;
            case "string":
                yield return ("empty", JsonValue.Create(""));
                yield return ("huge", JsonValue.Create(Huge));
                yield return ("unknown enum", JsonValue.Create("NoSuchValue"));
                yield return ("odd", JsonValue.Create("\0../..\u202e%00<script>"));
                yield return ("earliest date", JsonValue.Create("0001-01-01T00:00:00+14:00"));
                yield return ("latest date", JsonValue.Create("9999-12-31T23:59:59-14:00"));
                yield return ("date in the past", JsonValue.Create("2000-01-01T00:00:00Z"));
                yield return ("negative number", JsonValue.Create("-1"));
                yield return ("address", JsonValue.Create("0.0.0.0"));
                yield return ("IPv6", JsonValue.Create("::"));
                break;
            case "array":
                yield return ("[huge]", new JsonArray(JsonValue.Create(Huge)));
                yield return ("[null]", new JsonArray((JsonNode?)null));
                yield return ("[1]", new JsonArray(JsonValue.Create(1)));
                yield return ("[unknown]", new JsonArray(JsonValue.Create("NoSuchValue")));
                break;
            case "boolean":
                yield return ("1", JsonValue.Create(1));
                break;
        }
    }

    private static JsonNode? Plausible(string type, JsonElement schema) => PlausibleFor("", type, schema);

    /// <summary>A value that passes validation where the name tells what it is, so that a mutation of another property gets far.</summary>
    private static JsonNode? PlausibleFor(string name, string type, JsonElement schema) => (name.ToLowerInvariant(), type) switch
    {
        ("targetnode", _) => JsonValue.Create("node-b"),
        ("name", _) => JsonValue.Create("fuzz-" + Guid.NewGuid().ToString("N")[..8]),
        ("url", _) => JsonValue.Create("http://127.0.9.250:9/hook"),
        ("role", _) => JsonValue.Create("Viewer"),
        ("at" or "expiresat", _) => JsonValue.Create(DateTimeOffset.UtcNow.AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        ("vip" or "address" or "publicaddress" or "privateaddress", _) => JsonValue.Create("127.0.9.60"),
        ("webfqdn" or "dnszone", _) => JsonValue.Create("shares.test"),
        ("transferfqdn", _) => JsonValue.Create("transfer.shares.test"),
        ("architecture", _) => JsonValue.Create("RedirectAll"),
        ("dnsttlseconds", _) => JsonValue.Create(5),
        ("leaseseconds", _) => JsonValue.Create(10),
        ("healthintervalms", _) => JsonValue.Create(1000),
        ("healthfall", _) => JsonValue.Create(3),
        ("healthrise", _) => JsonValue.Create(2),
        ("healthtimeoutms", _) => JsonValue.Create(800),
        ("webtlsport", _) => JsonValue.Create(0),
        var (n, _) when n.EndsWith("port", StringComparison.Ordinal) || n == "faspRangeEnd".ToLowerInvariant() => JsonValue.Create(18022),
        (_, "integer") => JsonValue.Create(1),
        (_, "number") => JsonValue.Create(1.5),
        (_, "boolean") => JsonValue.Create(false),
        (_, "array") => new JsonArray(),
        (_, "object") => new JsonObject(),
        _ => schema.TryGetProperty("enum", out var e) && e.GetArrayLength() > 0 ? JsonNode.Parse(e[0].GetRawText()) : JsonValue.Create("x"),
    };

    private static JsonNode? WrongType(string type, JsonElement schema) => type switch
    {
        "string" => JsonValue.Create(12345),
        "integer" or "number" => JsonValue.Create("not a number"),
        "boolean" => JsonValue.Create("maybe"),
        "array" => JsonValue.Create("not an array"),
        _ => JsonValue.Create(true),
    };

    private static JsonNode? Wrap(string type, JsonElement schema, JsonNode value) => type == "array" ? new JsonArray(value) : value;

    private static string Short(string value) => value.Length > 24 ? $"{value[..8]}…({value.Length} chars)" : value;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent Raw(string text, string mediaType)
    {
        var content = new StringContent(text);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
}
