"""Golden values for test/preprocessing/korean.test.ts: the seeds' Korean cleaning in Python.

- NSMC (seed 001): train_data['document'].str.replace("[^ㄱ-ㅎㅏ-ㅣ가-힣 ]", "")  (pandas, regex)
- clean_str (seed 002, 시작하세요! 텐서플로 2.0 ch.7, from Yoon Kim's CNN_sentence) then
  sentence.split(' ') and [word[:5] for word in sentence]

Run: python3 fixtures-src/preprocessing/korean_reference.py > test/fixtures/preprocessing/korean.json
"""
import json
import re


def clean_str(string):
    string = re.sub(r"[^가-힣A-Za-z0-9(),!?\'\`]", " ", string)
    string = re.sub(r"\'s", " \'s", string)
    string = re.sub(r"\'ve", " \'ve", string)
    string = re.sub(r"n\'t", " n\'t", string)
    string = re.sub(r"\'re", " \'re", string)
    string = re.sub(r"\'d", " \'d", string)
    string = re.sub(r"\'ll", " \'ll", string)
    string = re.sub(r",", " , ", string)
    string = re.sub(r"!", " ! ", string)
    string = re.sub(r"\(", " \( ", string)
    string = re.sub(r"\)", " \) ", string)
    string = re.sub(r"\?", " \? ", string)
    string = re.sub(r"\s{2,}", " ", string)
    string = re.sub(r"\'{2,}", "\'", string)
    string = re.sub(r"\'", "", string)
    return string.lower()


TEXTS = [
    "아 더빙.. 진짜 짜증나네요 목소리",
    "흠...포스터보고 초딩영화줄....오버연기조차 가볍지 않구나",
    "너무재밓었다그래서보는것을추천한다",
    "교도소 이야기구먼 ..솔직히 재미는 없다..평점 조정",
    "사이몬페그의 익살스런 연기가 돋보였던 영화!스파이더맨에서 늙어보이기만 했던 커스틴 던스트가 너무나도 이뻐보였다",
    "막 걸음마 뗀 3세부터 초등학교 1학년생인 8살용영화.ㅋㅋㅋ...별반개도 아까움.",
    "It's (really) GOOD?! isn't it''  ㅠㅠ 😀 최고!",
    "\t탭과\n줄바꿈 ㄳ ㅘ ㆍ ㅤ",
]

out = []
for t in TEXTS:
    cleaned = clean_str(t)
    words = cleaned.split(' ')
    out.append({
        "text": t,
        "clean_korean": re.sub("[^ㄱ-ㅎㅏ-ㅣ가-힣 ]", "", t),
        "clean_str": cleaned,
        "words5": [w[:5] for w in words],
    })
print(json.dumps(out, ensure_ascii=False))
