/**
 * The supervisors' console: a Vert.x API on its own port ({@code console.port}) over the 差评 work orders.
 * Reads come from ClickHouse ({@link org.haochaping.console.WorkOrderQueries}); changes are commands
 * published to Kafka and applied by the stream job, whose outcome is the answer
 * ({@link org.haochaping.console.CommandGateway}). Users authenticate with bearer tokens
 * ({@link org.haochaping.console.BearerAuth}); the entry point is {@link org.haochaping.console.ConsoleServer}.
 */
package org.haochaping.console;
