using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SharesConsole.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ClusterSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Architecture = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Vip = table.Column<string>(type: "TEXT", maxLength: 45, nullable: false),
                    WebFqdn = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    TransferFqdn = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    DnsZone = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    DnsTtlSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    WebPort = table.Column<int>(type: "INTEGER", nullable: false),
                    WebTlsPort = table.Column<int>(type: "INTEGER", nullable: false),
                    SshPort = table.Column<int>(type: "INTEGER", nullable: false),
                    FaspPort = table.Column<int>(type: "INTEGER", nullable: false),
                    FaspRangeEnd = table.Column<int>(type: "INTEGER", nullable: false),
                    DnsPort = table.Column<int>(type: "INTEGER", nullable: false),
                    HealthIntervalMs = table.Column<int>(type: "INTEGER", nullable: false),
                    HealthFall = table.Column<int>(type: "INTEGER", nullable: false),
                    HealthRise = table.Column<int>(type: "INTEGER", nullable: false),
                    HealthTimeoutMs = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    AutoFailback = table.Column<bool>(type: "INTEGER", nullable: false),
                    ActiveNode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClusterSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Time = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Service = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OperationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DataJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Nodes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false, collation: "NOCASE"),
                    ManagementAddress = table.Column<string>(type: "TEXT", maxLength: 45, nullable: false),
                    PublicAddress = table.Column<string>(type: "TEXT", maxLength: 45, nullable: false),
                    PrivateAddress = table.Column<string>(type: "TEXT", maxLength: 45, nullable: false),
                    WebPort = table.Column<int>(type: "INTEGER", nullable: false),
                    WebTls = table.Column<bool>(type: "INTEGER", nullable: false),
                    SshPort = table.Column<int>(type: "INTEGER", nullable: false),
                    FaspPort = table.Column<int>(type: "INTEGER", nullable: false),
                    NodedPort = table.Column<int>(type: "INTEGER", nullable: false),
                    Preference = table.Column<int>(type: "INTEGER", nullable: false),
                    Weight = table.Column<int>(type: "INTEGER", nullable: false),
                    Intent = table.Column<int>(type: "INTEGER", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EnrolledAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Nodes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Operations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActiveSlot = table.Column<int>(type: "INTEGER", nullable: true),
                    SourceNode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TargetNode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    EpochBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    EpochAfter = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CurrentStep = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Operations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Services",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false, collation: "NOCASE"),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    ProbeKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProbePort = table.Column<int>(type: "INTEGER", nullable: true),
                    ProbeFallbackPort = table.Column<int>(type: "INTEGER", nullable: true),
                    ProbePath = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    ProbeTls = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProbeExpectEmptyBody = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProbeTimeoutMs = table.Column<int>(type: "INTEGER", nullable: false),
                    SecondaryProbeKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    SecondaryProbePort = table.Column<int>(type: "INTEGER", nullable: true),
                    SecondaryProbeFallbackPort = table.Column<int>(type: "INTEGER", nullable: true),
                    SecondaryProbePath = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    SecondaryProbeTls = table.Column<bool>(type: "INTEGER", nullable: false),
                    SecondaryProbeExpectEmptyBody = table.Column<bool>(type: "INTEGER", nullable: false),
                    SecondaryProbeTimeoutMs = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Services", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrafficSamples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Node = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Protocol = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Minute = table.Column<long>(type: "INTEGER", nullable: false),
                    Requests = table.Column<long>(type: "INTEGER", nullable: false),
                    Responses2xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Responses3xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Responses4xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Responses5xx = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesIn = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesOut = table.Column<long>(type: "INTEGER", nullable: false),
                    Connections = table.Column<long>(type: "INTEGER", nullable: false),
                    UdpFlows = table.Column<long>(type: "INTEGER", nullable: false),
                    Errors = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrafficSamples", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false, collation: "NOCASE"),
                    PasswordHash = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FailedLogins = table.Column<int>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Webhooks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false, collation: "NOCASE"),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Secret = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    EventKinds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Webhooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OperationSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OperationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OperationSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OperationSteps_Operations_OperationId",
                        column: x => x.OperationId,
                        principalTable: "Operations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WebhookDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WebhookId = table.Column<int>(type: "INTEGER", nullable: false),
                    EventId = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebhookDeliveries_Webhooks_WebhookId",
                        column: x => x.WebhookId,
                        principalTable: "Webhooks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_Prefix",
                table: "ApiKeys",
                column: "Prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Events_Kind_Id",
                table: "Events",
                columns: new[] { "Kind", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_Node_Id",
                table: "Events",
                columns: new[] { "Node", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_OperationId",
                table: "Events",
                column: "OperationId");

            migrationBuilder.CreateIndex(
                name: "IX_Events_Time",
                table: "Events",
                column: "Time");

            migrationBuilder.CreateIndex(
                name: "IX_Nodes_Name",
                table: "Nodes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Operations_ActiveSlot",
                table: "Operations",
                column: "ActiveSlot",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Operations_CreatedAt",
                table: "Operations",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_OperationSteps_OperationId_Index",
                table: "OperationSteps",
                columns: new[] { "OperationId", "Index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Services_Name",
                table: "Services",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrafficSamples_Minute",
                table: "TrafficSamples",
                column: "Minute");

            migrationBuilder.CreateIndex(
                name: "IX_TrafficSamples_Node_Protocol_Minute",
                table: "TrafficSamples",
                columns: new[] { "Node", "Protocol", "Minute" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserName",
                table: "Users",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_At",
                table: "WebhookDeliveries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_WebhookId_EventId_Attempt",
                table: "WebhookDeliveries",
                columns: new[] { "WebhookId", "EventId", "Attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Webhooks_Name",
                table: "Webhooks",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiKeys");

            migrationBuilder.DropTable(
                name: "ClusterSettings");

            migrationBuilder.DropTable(
                name: "Events");

            migrationBuilder.DropTable(
                name: "Nodes");

            migrationBuilder.DropTable(
                name: "OperationSteps");

            migrationBuilder.DropTable(
                name: "Services");

            migrationBuilder.DropTable(
                name: "TrafficSamples");

            migrationBuilder.DropTable(
                name: "Users");

            migrationBuilder.DropTable(
                name: "WebhookDeliveries");

            migrationBuilder.DropTable(
                name: "Operations");

            migrationBuilder.DropTable(
                name: "Webhooks");
        }
    }
}
