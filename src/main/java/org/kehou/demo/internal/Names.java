package org.kehou.demo.internal;

import java.util.SplittableRandom;

/**
 * Chinese personal names: surnames weighted by their frequency in southern China (王李张刘陈杨黄赵吴周 …), given names
 * of one or two characters from lists for boys and girls.
 */
final class Names {

	/** The most common surnames with a rough weight (per mille of the population). */
	private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

	private static final int[] SURNAME_WEIGHTS = { 72, 72, 68, 54, 53, 33, 32, 22, 21, 19, 18, 16, 13, 12, 11, 11,
			10, 10, 10, 9, 9, 9, 9, 8, 8, 7, 7, 7, 7, 7, 6, 6, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4,
			4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
			2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };

	private static final int[] CUMULATIVE;

	static {
		if (SURNAME_WEIGHTS.length != SURNAMES.length()) {
			throw new IllegalStateException(
					"surname weights: " + SURNAME_WEIGHTS.length + " for " + SURNAMES.length() + " surnames");
		}
		CUMULATIVE = new int[SURNAME_WEIGHTS.length];
		int sum = 0;
		for (int i = 0; i < SURNAME_WEIGHTS.length; i++) {
			sum += SURNAME_WEIGHTS[i];
			CUMULATIVE[i] = sum;
		}
	}

	private static final String BOY = "浩宇轩子睿博文俊杰涛明辉伟强磊鹏飞翔宏宸皓然泽铭锦程嘉豪晨阳天佑思远梓航一凡志刚家乐建华永康俊熙奕辰昊霖诚";

	private static final String GIRL = "欣怡梓涵诗雨婷琪雅静思彤语嫣晓萱佳慧敏丽娜芳颖心悦可馨若曦紫涵梦瑶雪琳佩玲秀兰凤美玉晴蕾冰清婉";

	private Names() {
	}

	static String surname(SplittableRandom random) {
		int r = random.nextInt(CUMULATIVE[CUMULATIVE.length - 1]);
		int lo = 0;
		int hi = CUMULATIVE.length - 1;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (CUMULATIVE[mid] > r) {
				hi = mid;
			}
			else {
				lo = mid + 1;
			}
		}
		return SURNAMES.substring(lo, lo + 1);
	}

	static String given(SplittableRandom random, boolean male) {
		String chars = male ? BOY : GIRL;
		char first = chars.charAt(random.nextInt(chars.length()));
		if (random.nextInt(100) < 22) {
			return String.valueOf(first);
		}
		char second;
		do {
			second = chars.charAt(random.nextInt(chars.length()));
		}
		while (second == first && random.nextInt(4) > 0);
		return "" + first + second;
	}

	static String full(SplittableRandom random, boolean male) {
		return surname(random) + given(random, male);
	}
}
