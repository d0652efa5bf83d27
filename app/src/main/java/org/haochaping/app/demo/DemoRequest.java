package org.haochaping.app.demo;

import java.nio.charset.StandardCharsets;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingRequest;

/**
 * One request the simulator sends.
 *
 * @param sequence 1-based position in the run; the rating id is {@code <runId>-<sequence>}
 * @param request the rating; for {@link InvalidKind#MALFORMED_JSON} the one whose JSON is cut off
 * @param invalid why the edge must reject it, or null for a valid rating that must be accepted
 */
public record DemoRequest(long sequence, RatingRequest request, InvalidKind invalid) {

    public boolean isValid() {
        return invalid == null;
    }

    /** The HTTP body: the request's JSON, or for {@link InvalidKind#MALFORMED_JSON} its first two thirds. */
    public byte[] body() {
        if (invalid == InvalidKind.MALFORMED_JSON) {
            String json = RatingJson.writeString(request);
            return json.substring(0, json.length() * 2 / 3).getBytes(StandardCharsets.UTF_8);
        }
        return RatingJson.write(request);
    }
}
