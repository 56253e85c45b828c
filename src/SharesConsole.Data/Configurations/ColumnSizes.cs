namespace SharesConsole.Data.Configurations;

/// <summary>Column lengths shared by the configurations; indexed text must be bounded on MySQL.</summary>
internal static class ColumnSizes
{
    public const int Name = 64;
    public const int Address = 45;
    public const int Enum = 32;
    public const int Fqdn = 253;
    public const int Hash = 256;
    public const int Text = 2000;
    public const int Url = 2048;
}
