using System.Text.Json;

namespace SharesConsole.Web.Tests.Api.Fuzz;

/// <summary>One operation of the OpenAPI document: its method, path template, parameters and JSON body schema.</summary>
public sealed record OpenApiOperation(string Method, string Path, IReadOnlyList<OpenApiParameter> Parameters, JsonElement? Body)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>A path or query parameter and its schema's type ("string", "integer", ...).</summary>
public sealed record OpenApiParameter(string Name, string In, string Type);

/// <summary>Reads operations out of an OpenAPI 3 document and resolves <c>$ref</c> schemas.</summary>
public sealed class OpenApiOperations(JsonElement document)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public IReadOnlyList<OpenApiOperation> All()
    {
        var operations = new List<OpenApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)))
            {
                var parameters = new List<OpenApiParameter>();
                if (method.Value.TryGetProperty("parameters", out var list))
                {
                    foreach (var p in list.EnumerateArray().Select(Resolve))
                    {
                        parameters.Add(new OpenApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, TypeOf(p.TryGetProperty("schema", out var s) ? s : default)));
                    }
                }

                JsonElement? body = method.Value.TryGetProperty("requestBody", out var rb) && Resolve(rb).TryGetProperty("content", out var content)
                    && content.EnumerateObject().FirstOrDefault(c => c.Name.Contains("json", StringComparison.Ordinal)).Value is { ValueKind: JsonValueKind.Object } media
                    && media.TryGetProperty("schema", out var schema)
                        ? Resolve(schema)
                        : null;
                operations.Add(new OpenApiOperation(method.Name.ToUpperInvariant(), path.Name, parameters, body));
            }
        }

        return operations;
    }

    /// <summary>The schema or parameter a <c>$ref</c> points at; anything else as it is.</summary>
    public JsonElement Resolve(JsonElement element)
    {
        var seen = 0;
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference) && seen++ < 20)
        {
            var target = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part);
            }

            element = target;
        }

        return element;
    }

    /// <summary>The first non-null type a schema names ("string" for a schema without one).</summary>
    public static string TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return "string";
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "null"
            : type.GetString()!;
    }
}
