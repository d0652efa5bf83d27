package org.haochaping.app.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic, repeatable world for the demo: halls (政务服务中心) with counters (窗口), the clerks
 * (工作人员) signed in at each counter, the service items (事项) each counter handles and the
 * departments (部门) owning them. Ids are ASCII ({@code hall-01}, {@code hall-01-c03},
 * {@code clerk-0107}); the Chinese names are kept for the summary.
 *
 * <p>Each clerk has a "true quality": a level mix drawn so that most clerks are good, a few are clearly
 * worse and a few better, and the traffic-weighted average of all mixes is exactly {@link LevelMix#TARGET}
 * (非常满意 85%, 满意 8%, 基本满意 4%, 不满意 2%, 非常不满意 1%).
 */
public final class Population {

    public static final int MAX_HALLS = 99;
    public static final int MAX_COUNTERS_PER_HALL = 49;
    public static final int MAX_CLERKS_PER_COUNTER = 2;

    /** A department (部门) with its 18-character unified social credit code (统一社会信用代码). */
    public record Department(String code, String name) {}

    /** A service item (事项) with its 事项编码. */
    public record Item(String code, String name, Department department) {}

    /** How a clerk serves, for the story the demo tells; the level mix is what counts. */
    public enum Quality {
        EXCELLENT("优秀"), GOOD("良好"), POOR("较差");

        private final String chineseName;

        Quality(String chineseName) {
            this.chineseName = chineseName;
        }

        public String chineseName() {
            return chineseName;
        }
    }

    /**
     * The probabilities of the five levels, 1 = 非常不满意 … 5 = 非常满意; they sum to 1.
     */
    public record LevelMix(double level1, double level2, double level3, double level4, double level5) {

        /** The overall mix the demo aims at: 1% / 2% / 4% / 8% / 85%. */
        public static final LevelMix TARGET = new LevelMix(0.01, 0.02, 0.04, 0.08, 0.85);

        public LevelMix {
            double sum = level1 + level2 + level3 + level4 + level5;
            if (Math.abs(sum - 1) > 1e-9 || Math.min(Math.min(level1, level2), Math.min(Math.min(level3, level4), level5)) < 0) {
                throw new IllegalArgumentException("level shares must be non-negative and sum to 1");
            }
        }

        /** {@link #TARGET} with every level below 5 scaled by {@code badness} (0 ≤ badness ≤ 1 / 0.15). */
        static LevelMix scaledTarget(double badness) {
            double l1 = TARGET.level1 * badness;
            double l2 = TARGET.level2 * badness;
            double l3 = TARGET.level3 * badness;
            double l4 = TARGET.level4 * badness;
            return new LevelMix(l1, l2, l3, l4, 1 - (l1 + l2 + l3 + l4));
        }

        public double share(int level) {
            return switch (level) {
                case 1 -> level1;
                case 2 -> level2;
                case 3 -> level3;
                case 4 -> level4;
                case 5 -> level5;
                default -> throw new IllegalArgumentException("level must be 1..5, got " + level);
            };
        }

        /** 差评 share: levels 1 and 2. */
        public double badShare() {
            return level1 + level2;
        }

        /** @param u uniform in [0, 1) */
        public int draw(double u) {
            double acc = 0;
            for (int level = 1; level <= 4; level++) {
                acc += share(level);
                if (u < acc) {
                    return level;
                }
            }
            return 5;
        }
    }

    /**
     * @param traffic this clerk's share of all ratings (all clerks sum to 1)
     */
    public record Clerk(String id, String name, String hallId, String counterId, Quality quality, LevelMix mix,
                        double traffic) {}

    public record Counter(String id, String name, String hallId, List<Item> items, List<Clerk> clerks) {}

    /** @param areaCode 行政区划代码 (6 or 9 digits) */
    public record Hall(String id, String name, String areaCode, List<Counter> counters) {}

    private record HallSite(String name, String areaCode, String district) {}

    private static final List<HallSite> SITES = List.of(
            new HallSite("市民中心", "440300", "深圳市"),
            new HallSite("龙华区政务服务中心", "440309", "龙华区"),
            new HallSite("南山区政务服务中心", "440305", "南山区"),
            new HallSite("福田区政务服务中心", "440304", "福田区"),
            new HallSite("罗湖区政务服务中心", "440303", "罗湖区"),
            new HallSite("宝安区政务服务中心", "440306", "宝安区"),
            new HallSite("龙岗区政务服务中心", "440307", "龙岗区"),
            new HallSite("光明区政务服务中心", "440311", "光明区"),
            new HallSite("坪山区政务服务中心", "440310", "坪山区"),
            new HallSite("盐田区政务服务中心", "440308", "盐田区"),
            new HallSite("粤海街道便民服务中心", "440305005", "南山区"),
            new HallSite("西丽街道便民服务中心", "440305006", "南山区"),
            new HallSite("民治街道便民服务中心", "440309002", "龙华区"),
            new HallSite("新安街道便民服务中心", "440306001", "宝安区"),
            new HallSite("布吉街道便民服务中心", "440307002", "龙岗区"),
            new HallSite("莲花街道便民服务中心", "440304008", "福田区"));

    private record DeptKind(String abbrev, String suffix) {}

    private static final DeptKind MARKET = new DeptKind("SJ", "市场监督管理局");
    private static final DeptKind SOCIAL = new DeptKind("RS", "人力资源和社会保障局");
    private static final DeptKind MEDICAL = new DeptKind("YB", "医疗保障局");
    private static final DeptKind LAND = new DeptKind("GT", "规划和自然资源局");
    private static final DeptKind POLICE = new DeptKind("GA", "公安局");
    private static final DeptKind TAX = new DeptKind("SW", "税务局");
    private static final DeptKind FUND = new DeptKind("GJ", "住房公积金管理中心");

    private record ItemKind(String number, String name, DeptKind dept) {}

    private record CounterKind(String name, List<ItemKind> items) {}

    private static final ItemKind LICENCE = new ItemKind("001", "营业执照办理", MARKET);
    private static final ItemKind NAME_CHANGE = new ItemKind("002", "企业名称变更登记", MARKET);
    private static final ItemKind FOOD = new ItemKind("003", "食品经营许可", MARKET);
    private static final ItemKind SOCIAL_CARD = new ItemKind("001", "社保卡补办", SOCIAL);
    private static final ItemKind PENSION = new ItemKind("002", "养老保险关系转移", SOCIAL);
    private static final ItemKind MEDICAL_REG = new ItemKind("001", "医保参保登记", MEDICAL);
    private static final ItemKind PROPERTY = new ItemKind("001", "不动产登记", LAND);
    private static final ItemKind PROPERTY_CERT = new ItemKind("002", "不动产权证书补发", LAND);
    private static final ItemKind MORTGAGE = new ItemKind("003", "抵押权登记", LAND);
    private static final ItemKind RESIDENCE = new ItemKind("001", "居住证签注", POLICE);
    private static final ItemKind HK_MACAO = new ItemKind("002", "往来港澳通行证签注", POLICE);
    private static final ItemKind HUKOU = new ItemKind("003", "户口迁移", POLICE);
    private static final ItemKind INVOICE = new ItemKind("001", "发票申领", TAX);
    private static final ItemKind TAX_REG = new ItemKind("002", "税务登记信息变更", TAX);
    private static final ItemKind FUND_DRAW = new ItemKind("001", "住房公积金提取", FUND);

    private static final CounterKind GENERAL = new CounterKind("综合受理",
            List.of(LICENCE, SOCIAL_CARD, PROPERTY, RESIDENCE, MEDICAL_REG, FUND_DRAW));
    private static final List<CounterKind> SPECIALISED = List.of(
            new CounterKind("商事登记", List.of(LICENCE, NAME_CHANGE, FOOD)),
            new CounterKind("社保医保", List.of(SOCIAL_CARD, PENSION, MEDICAL_REG)),
            new CounterKind("不动产登记", List.of(PROPERTY, PROPERTY_CERT, MORTGAGE)),
            new CounterKind("户政出入境", List.of(RESIDENCE, HK_MACAO, HUKOU)),
            new CounterKind("税务", List.of(INVOICE, TAX_REG)),
            new CounterKind("公积金", List.of(FUND_DRAW)));

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许邓冯韩曹曾彭蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武莫孔向汤";
    private static final List<String> GIVEN_NAMES = List.of(
            "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
            "秀英", "霞", "平", "刚", "桂英", "文", "华", "慧", "建华", "晓东", "婷", "雪梅", "琳", "晨", "欣怡",
            "子涵", "梓萱", "浩然", "宇轩", "思远", "嘉怡", "俊杰", "佳琪", "海燕", "志强", "玉兰", "雨桐",
            "建国", "丹", "颖", "倩", "鹏", "斌", "昊", "晓红", "丽华", "国栋", "少华", "美玲", "振宇", "诗琪");

    /** GB 32100 unified social credit code alphabet (no I, O, S, V, Z). */
    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private final long seed;
    private final List<Hall> halls;
    private final List<Clerk> clerks;
    private final Map<String, Hall> hallsById;
    private final Map<String, Counter> countersById;
    private final Map<String, String> hallNames;
    private final Map<String, String> counterNames;
    private final Map<String, String> clerkNames;
    private final double[] cumulativeTraffic;

    private Population(long seed, List<Hall> halls) {
        this.seed = seed;
        this.halls = List.copyOf(halls);
        Map<String, String> hn = new LinkedHashMap<>();
        Map<String, String> cn = new LinkedHashMap<>();
        Map<String, String> kn = new LinkedHashMap<>();
        Map<String, Hall> hallsById = new LinkedHashMap<>();
        Map<String, Counter> byId = new LinkedHashMap<>();
        List<Clerk> all = new ArrayList<>();
        for (Hall h : halls) {
            hn.put(h.id(), h.name());
            hallsById.put(h.id(), h);
            for (Counter c : h.counters()) {
                cn.put(c.id(), c.name());
                byId.put(c.id(), c);
                for (Clerk k : c.clerks()) {
                    kn.put(k.id(), k.name());
                    all.add(k);
                }
            }
        }
        this.hallNames = Collections.unmodifiableMap(hn);
        this.counterNames = Collections.unmodifiableMap(cn);
        this.clerkNames = Collections.unmodifiableMap(kn);
        this.hallsById = Collections.unmodifiableMap(hallsById);
        this.countersById = Collections.unmodifiableMap(byId);
        this.clerks = List.copyOf(all);
        this.cumulativeTraffic = new double[all.size()];
        double acc = 0;
        for (int i = 0; i < all.size(); i++) {
            acc += all.get(i).traffic();
            cumulativeTraffic[i] = acc;
        }
    }

    public static Population generate(DemoOptions options) {
        return generate(options.halls(), options.countersPerHall(), options.seed());
    }

    /**
     * @param halls 1..{@value #MAX_HALLS}
     * @param countersPerHall 1..{@value #MAX_COUNTERS_PER_HALL}
     */
    public static Population generate(int halls, int countersPerHall, long seed) {
        if (halls < 1 || halls > MAX_HALLS) {
            throw new IllegalArgumentException("halls must be 1.." + MAX_HALLS + ", got " + halls);
        }
        if (countersPerHall < 1 || countersPerHall > MAX_COUNTERS_PER_HALL) {
            throw new IllegalArgumentException("countersPerHall must be 1.." + MAX_COUNTERS_PER_HALL + ", got "
                    + countersPerHall);
        }
        Random random = new Random(seed);
        Set<String> usedNames = new HashSet<>();
        Map<String, Department> departments = new LinkedHashMap<>();

        // first pass: structure, names and raw traffic
        record ClerkDraft(String id, String name, String hallId, String counterId, double traffic) {}
        record CounterDraft(String id, String name, String hallId, List<Item> items, List<ClerkDraft> clerks) {}
        List<List<CounterDraft>> draftHalls = new ArrayList<>();
        List<ClerkDraft> drafts = new ArrayList<>();
        for (int h = 0; h < halls; h++) {
            HallSite site = site(h);
            String hallId = String.format("hall-%02d", h + 1);
            List<CounterDraft> counters = new ArrayList<>();
            int clerkNo = 0;
            int general = (countersPerHall + 2) / 3;
            for (int c = 0; c < countersPerHall; c++) {
                CounterKind kind = c < general ? GENERAL : SPECIALISED.get((c - general + h) % SPECIALISED.size());
                String counterId = String.format("%s-c%02d", hallId, c + 1);
                List<Item> items = new ArrayList<>();
                for (ItemKind ik : kind.items()) {
                    String area = site.areaCode().substring(0, 6);
                    Department dept = departments.computeIfAbsent(area + ik.dept().abbrev(), k -> department(site, ik.dept()));
                    items.add(new Item(area + "-" + ik.dept().abbrev() + "-" + ik.number(), ik.name(), dept));
                }
                double counterTraffic = 0.6 + 0.8 * random.nextDouble();
                int clerksHere = 1 + random.nextInt(MAX_CLERKS_PER_COUNTER);
                double firstShare = clerksHere == 1 ? 1 : 0.35 + 0.3 * random.nextDouble();
                List<ClerkDraft> here = new ArrayList<>();
                for (int k = 0; k < clerksHere; k++) {
                    clerkNo++;
                    double share = k == 0 ? firstShare : 1 - firstShare;
                    ClerkDraft d = new ClerkDraft(String.format("clerk-%02d%02d", h + 1, clerkNo),
                            uniqueName(random, usedNames), hallId, counterId, counterTraffic * share);
                    here.add(d);
                    drafts.add(d);
                }
                counters.add(new CounterDraft(counterId, kind.name() + (c + 1) + "号窗口", hallId, List.copyOf(items), here));
            }
            draftHalls.add(counters);
        }

        // second pass: qualities, most clerks good, a few clearly worse and a few better
        double totalTraffic = drafts.stream().mapToDouble(ClerkDraft::traffic).sum();
        int n = drafts.size();
        Quality[] quality = new Quality[n];
        Arrays.fill(quality, Quality.GOOD);
        if (n >= 3) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            int poor = Math.max(1, (int) Math.round(n * 0.08));
            int excellent = Math.max(1, (int) Math.round(n * 0.12));
            for (int i = 0; i < poor; i++) {
                quality[order.get(i)] = Quality.POOR;
            }
            for (int i = poor; i < poor + excellent; i++) {
                quality[order.get(i)] = Quality.EXCELLENT;
            }
        }
        double[] badness = new double[n];
        double weightedMean = 0;
        for (int i = 0; i < n; i++) {
            badness[i] = switch (quality[i]) {
                case POOR -> 2.4 + 0.8 * random.nextDouble();
                case EXCELLENT -> 0.15 + 0.2 * random.nextDouble();
                case GOOD -> 0.7 + 0.5 * random.nextDouble();
            };
            weightedMean += badness[i] * drafts.get(i).traffic() / totalTraffic;
        }
        // rescaled so that the traffic-weighted average mix is exactly the target
        double maxBadness = 1 / (1 - LevelMix.TARGET.level5());
        for (int i = 0; i < n; i++) {
            badness[i] = Math.min(maxBadness, badness[i] / weightedMean);
        }

        List<Hall> result = new ArrayList<>();
        int index = 0;
        for (int h = 0; h < halls; h++) {
            HallSite site = site(h);
            List<Counter> counters = new ArrayList<>();
            for (CounterDraft cd : draftHalls.get(h)) {
                List<Clerk> clerks = new ArrayList<>();
                for (ClerkDraft d : cd.clerks()) {
                    clerks.add(new Clerk(d.id(), d.name(), d.hallId(), d.counterId(), quality[index],
                            LevelMix.scaledTarget(badness[index]), d.traffic() / totalTraffic));
                    index++;
                }
                counters.add(new Counter(cd.id(), cd.name(), cd.hallId(), cd.items(), List.copyOf(clerks)));
            }
            result.add(new Hall(String.format("hall-%02d", h + 1), site.name(), site.areaCode(), List.copyOf(counters)));
        }
        return new Population(seed, result);
    }

    public long seed() {
        return seed;
    }

    public List<Hall> halls() {
        return halls;
    }

    public List<Counter> counters() {
        return List.copyOf(countersById.values());
    }

    public List<Clerk> clerks() {
        return clerks;
    }

    public Counter counter(String counterId) {
        return countersById.get(counterId);
    }

    public Hall hall(String hallId) {
        return hallsById.get(hallId);
    }

    /** hall id → Chinese name, in id order. */
    public Map<String, String> hallNames() {
        return hallNames;
    }

    /** counter id → Chinese name (e.g. 综合受理3号窗口), in id order. */
    public Map<String, String> counterNames() {
        return counterNames;
    }

    /** clerk id → Chinese name, in id order. */
    public Map<String, String> clerkNames() {
        return clerkNames;
    }

    /** The clerk serving a rating, chosen by traffic share. @param u uniform in [0, 1) */
    public Clerk pickClerk(double u) {
        double target = u * cumulativeTraffic[cumulativeTraffic.length - 1];
        int i = Arrays.binarySearch(cumulativeTraffic, target);
        int at = i >= 0 ? i + 1 : -i - 1;
        return clerks.get(Math.min(at, clerks.size() - 1));
    }

    /** The traffic-weighted average of all clerks' mixes: what a long run is expected to produce. */
    public LevelMix expectedMix() {
        double[] s = new double[6];
        for (Clerk c : clerks) {
            for (int level = 1; level <= 5; level++) {
                s[level] += c.traffic() * c.mix().share(level);
            }
        }
        double total = s[1] + s[2] + s[3] + s[4] + s[5];
        return new LevelMix(s[1] / total, s[2] / total, s[3] / total, s[4] / total,
                1 - (s[1] + s[2] + s[3] + s[4]) / total);
    }

    private static HallSite site(int index) {
        if (index < SITES.size()) {
            return SITES.get(index);
        }
        return new HallSite("第" + (index + 1) + "便民服务中心", "440300", "深圳市");
    }

    private static String uniqueName(Random random, Set<String> used) {
        for (int attempt = 0; attempt < 50; attempt++) {
            String name = SURNAMES.charAt(random.nextInt(SURNAMES.length()))
                    + GIVEN_NAMES.get(random.nextInt(GIVEN_NAMES.size()));
            if (used.add(name)) {
                return name;
            }
        }
        String base = SURNAMES.charAt(random.nextInt(SURNAMES.length())) + GIVEN_NAMES.get(random.nextInt(GIVEN_NAMES.size()));
        for (int i = 2; ; i++) {
            if (used.add(base + i)) {
                return base + i;
            }
        }
    }

    private static Department department(HallSite site, DeptKind kind) {
        String area = site.areaCode().substring(0, 6);
        // 11 = 机关; then the 6-digit area; then a 9-character organisation code; then the check character
        String org = String.format("MB%02d%05d", 10 + Math.abs(kind.abbrev().hashCode()) % 90,
                Math.abs((area + kind.abbrev()).hashCode()) % 100_000);
        String body = "11" + area + org;
        return new Department(body + usccCheck(body), site.district() + kind.suffix());
    }

    /** The GB 32100-2015 check character over the first 17 characters. */
    static char usccCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_CHARS.indexOf(first17.charAt(i)) * USCC_WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return USCC_CHARS.charAt(check == 31 ? 0 : check);
    }
}
