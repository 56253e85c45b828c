namespace SharesConsole.Data.Stores;

public static class DeliveryStatus
{
    public const string Pending = "Pending";
    public const string Delivered = "Delivered";
    public const string Failed = "Failed";
}
