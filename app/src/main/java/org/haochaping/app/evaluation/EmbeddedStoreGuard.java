package org.haochaping.app.evaluation;

import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.ClickHouseStores;
import org.haochaping.model.config.HcpConfig;

/**
 * Opens the configured store for a one-off command. The embedded engine keeps its data folder locked while
 * {@code hcp run} or {@code hcp demo} has it open; the command then says so in Chinese instead of showing
 * ClickHouse's lock error.
 */
public final class EmbeddedStoreGuard {

    /** The embedded data folder is open in another process; the message says what to do, in Chinese. */
    public static final class StoreBusyException extends RuntimeException {
        StoreBusyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private EmbeddedStoreGuard() {}

    static ClickHouseStore open(HcpConfig config) {
        try {
            return ClickHouseStores.open(config);
        } catch (RuntimeException e) {
            // chDB reports the lock ("Another server instance in same directory") only on stderr; the exception
            // says it could not open the folder
            if (config.clickhouse().mode() == HcpConfig.ClickHouseMode.EMBEDDED
                    && String.valueOf(e.getMessage()).contains("could not open")) {
                throw new StoreBusyException("无法打开数据目录 " + config.dataPath().toAbsolutePath() + " 中的内嵌 ClickHouse："
                        + "它多半正被运行中的 hcp run 或 hcp demo 使用（只允许一个进程打开）。请先停止它，或在控制台用 "
                        + "POST /api/v1/evaluations 运行考核；否则请检查该目录是否可写。", e);
            }
            throw e;
        }
    }
}
