/**
 * The places and names the generated company draws from: one entry per office, each with the names of its
 * language in their own script plus an ASCII romanization (for work emails). Names are common ones, chosen so
 * that a receiver meets many scripts and diacritics (CJK, Arabic, Hebrew, Devanagari, Cyrillic, Greek, Yoruba
 * tone marks, Vietnamese, Polish, Turkish, ...). Everything here is fictional sample data.
 */

/** A given name: [native, romanized, gender]. */
export type GivenName = readonly [string, string, 'MALE' | 'FEMALE'];
/** A family name: [native, romanized], plus the feminine forms where the language inflects it. */
export type FamilyName = readonly [string, string] | readonly [string, string, string, string];

/** One office: where it is, how its addresses, phones and banks look, and the names of its people. */
export interface Locale {
  /** BCP 47 language tag of the names. */
  readonly language: string;
  /** ISO 3166-1 alpha-2 country code of the office. */
  readonly country: string;
  readonly city: string;
  readonly state: string;
  /** A zip code pattern: `#` is a random digit. */
  readonly zip: string;
  readonly streets: readonly string[];
  readonly phonePrefix: string;
  readonly currency: string;
  readonly banks: readonly string[];
  /** The routing scheme of the country's bank accounts and a pattern (`#` digit, `A` letter). */
  readonly routing: { readonly type: string; readonly pattern: string };
  readonly given: readonly GivenName[];
  readonly family: readonly FamilyName[];
  /** Spanish-style double surnames. */
  readonly twoSurnames?: boolean;
  /** How often this office is drawn, relative to the others (default 1). */
  readonly weight?: number;
}

/** The offices a generated employee is drawn from (weighted by `weight`). */
export const LOCALES: readonly Locale[] = [
  {
    language: 'en-US', country: 'US', city: 'San Francisco', state: 'CA', zip: '941##', weight: 3,
    streets: ['Market Street', 'Mission Street', 'Valencia Street', 'Howard Street'],
    phonePrefix: '+1 415', currency: 'USD', banks: ['First Republic Savings', 'Golden Gate Credit Union'],
    routing: { type: 'ABA_ROUTING', pattern: '#########' },
    given: [['James', 'james', 'MALE'], ['Michael', 'michael', 'MALE'], ['David', 'david', 'MALE'], ['Daniel', 'daniel', 'MALE'],
      ['Emily', 'emily', 'FEMALE'], ['Sarah', 'sarah', 'FEMALE'], ['Jessica', 'jessica', 'FEMALE'], ['Ashley', 'ashley', 'FEMALE']],
    family: [['Smith', 'smith'], ['Johnson', 'johnson'], ["O'Brien", 'obrien'], ['Williams', 'williams'], ['Brown', 'brown'], ['Garcia', 'garcia']],
  },
  {
    language: 'ja-JP', country: 'JP', city: '東京', state: '東京都', zip: '1##-####',
    streets: ['千代田区丸の内', '渋谷区道玄坂', '港区六本木', '中央区銀座'],
    phonePrefix: '+81 3', currency: 'JPY', banks: ['みずほ銀行', '三井住友銀行'],
    routing: { type: 'ZENGIN', pattern: '#######' },
    given: [['健太', 'kenta', 'MALE'], ['翔', 'sho', 'MALE'], ['大輔', 'daisuke', 'MALE'], ['拓海', 'takumi', 'MALE'],
      ['陽菜', 'hina', 'FEMALE'], ['美咲', 'misaki', 'FEMALE'], ['結衣', 'yui', 'FEMALE'], ['さくら', 'sakura', 'FEMALE']],
    family: [['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['田中', 'tanaka'], ['渡辺', 'watanabe'], ['伊藤', 'ito']],
  },
  {
    language: 'ar-AE', country: 'AE', city: 'دبي', state: 'دبي', zip: '#####',
    streets: ['شارع الشيخ زايد', 'شارع الوصل', 'شارع الجميرا'],
    phonePrefix: '+971 4', currency: 'AED', banks: ['بنك الإمارات دبي الوطني', 'بنك المشرق'],
    routing: { type: 'IBAN', pattern: 'AE##0##0000000##########' },
    given: [['محمد', 'mohammed', 'MALE'], ['أحمد', 'ahmed', 'MALE'], ['عمر', 'omar', 'MALE'], ['يوسف', 'youssef', 'MALE'],
      ['فاطمة', 'fatima', 'FEMALE'], ['مريم', 'maryam', 'FEMALE'], ['ليلى', 'layla', 'FEMALE'], ['نور', 'noor', 'FEMALE']],
    family: [['الحسيني', 'alhusseini'], ['المنصوري', 'almansouri'], ['حداد', 'haddad'], ['الشامسي', 'alshamsi'], ['خوري', 'khoury'], ['العتيبي', 'alotaibi']],
  },
  {
    language: 'hi-IN', country: 'IN', city: 'बेंगलुरु', state: 'कर्नाटक', zip: '560###', weight: 2,
    streets: ['महात्मा गांधी रोड', 'इंदिरानगर 100 फीट रोड', 'कोरमंगला 80 फीट रोड'],
    phonePrefix: '+91 80', currency: 'INR', banks: ['State Bank of India', 'HDFC Bank'],
    routing: { type: 'IFSC', pattern: 'AAAA0######' },
    given: [['अनिल', 'anil', 'MALE'], ['राहुल', 'rahul', 'MALE'], ['विक्रम', 'vikram', 'MALE'], ['अर्जुन', 'arjun', 'MALE'],
      ['प्रिया', 'priya', 'FEMALE'], ['अनन्या', 'ananya', 'FEMALE'], ['दीपिका', 'deepika', 'FEMALE'], ['कविता', 'kavita', 'FEMALE']],
    family: [['शर्मा', 'sharma'], ['वर्मा', 'verma'], ['गुप्ता', 'gupta'], ['पटेल', 'patel'], ['सिंह', 'singh'], ['अय्यर', 'iyer']],
  },
  {
    language: 'ru-KZ', country: 'KZ', city: 'Алматы', state: 'Алматы', zip: '050###',
    streets: ['проспект Абая', 'улица Фурманова', 'проспект Достык'],
    phonePrefix: '+7 727', currency: 'KZT', banks: ['Халык Банк', 'Kaspi Bank'],
    routing: { type: 'BIC', pattern: 'AAAAKZKA' },
    given: [['Алексей', 'aleksei', 'MALE'], ['Дмитрий', 'dmitry', 'MALE'], ['Иван', 'ivan', 'MALE'], ['Сергей', 'sergei', 'MALE'],
      ['Анна', 'anna', 'FEMALE'], ['Екатерина', 'ekaterina', 'FEMALE'], ['Ольга', 'olga', 'FEMALE'], ['Наталья', 'natalia', 'FEMALE']],
    family: [['Иванов', 'ivanov', 'Иванова', 'ivanova'], ['Смирнов', 'smirnov', 'Смирнова', 'smirnova'], ['Кузнецов', 'kuznetsov', 'Кузнецова', 'kuznetsova'],
      ['Попов', 'popov', 'Попова', 'popova'], ['Соколов', 'sokolov', 'Соколова', 'sokolova'], ['Лебедев', 'lebedev', 'Лебедева', 'lebedeva']],
  },
  {
    language: 'el-GR', country: 'GR', city: 'Αθήνα', state: 'Αττική', zip: '10# ##',
    streets: ['Οδός Ερμού', 'Λεωφόρος Βασιλίσσης Σοφίας', 'Οδός Πανεπιστημίου'],
    phonePrefix: '+30 21', currency: 'EUR', banks: ['Εθνική Τράπεζα της Ελλάδος', 'Τράπεζα Πειραιώς'],
    routing: { type: 'IBAN', pattern: 'GR##0110###0000###########' },
    given: [['Γιώργος', 'giorgos', 'MALE'], ['Νίκος', 'nikos', 'MALE'], ['Δημήτρης', 'dimitris', 'MALE'], ['Κώστας', 'kostas', 'MALE'],
      ['Μαρία', 'maria', 'FEMALE'], ['Ελένη', 'eleni', 'FEMALE'], ['Κατερίνα', 'katerina', 'FEMALE'], ['Σοφία', 'sofia', 'FEMALE']],
    family: [['Παπαδόπουλος', 'papadopoulos', 'Παπαδοπούλου', 'papadopoulou'], ['Οικονόμου', 'oikonomou'], ['Γεωργίου', 'georgiou'],
      ['Παππάς', 'pappas', 'Παππά', 'pappa'], ['Βασιλείου', 'vasileiou'], ['Νικολάου', 'nikolaou']],
  },
  {
    language: 'yo-NG', country: 'NG', city: 'Lagos', state: 'Lagos', zip: '1###01',
    streets: ['Adeola Odeku Street', 'Admiralty Way, Lekki', 'Allen Avenue, Ikeja'],
    phonePrefix: '+234 1', currency: 'NGN', banks: ['Guaranty Trust Bank', 'Access Bank'],
    routing: { type: 'NUBAN_BANK_CODE', pattern: '###' },
    given: [['Adébáyọ̀', 'adebayo', 'MALE'], ['Olúwaṣeun', 'oluwaseun', 'MALE'], ['Babátúndé', 'babatunde', 'MALE'], ['Ọláwálé', 'olawale', 'MALE'],
      ['Fọláṣadé', 'folasade', 'FEMALE'], ['Adéọlá', 'adeola', 'FEMALE'], ['Títílayọ̀', 'titilayo', 'FEMALE'], ['Yétúndé', 'yetunde', 'FEMALE']],
    family: [['Adéyẹmí', 'adeyemi'], ['Ògúnlẹ́yẹ', 'ogunleye'], ['Ọládípọ̀', 'oladipo'], ['Akínwándé', 'akinwande'], ['Ṣódípẹ̀', 'sodipe'], ['Bámidélé', 'bamidele']],
  },
  {
    language: 'es-MX', country: 'MX', city: 'Ciudad de México', state: 'CDMX', zip: '06###', twoSurnames: true,
    streets: ['Paseo de la Reforma', 'Avenida Insurgentes Sur', 'Calle Río Lerma'],
    phonePrefix: '+52 55', currency: 'MXN', banks: ['BBVA México', 'Banco Azteca'],
    routing: { type: 'CLABE', pattern: '##################' },
    given: [['José', 'jose', 'MALE'], ['Andrés', 'andres', 'MALE'], ['Martín', 'martin', 'MALE'], ['Raúl', 'raul', 'MALE'],
      ['María José', 'mariajose', 'FEMALE'], ['Lucía', 'lucia', 'FEMALE'], ['Sofía', 'sofia', 'FEMALE'], ['Inés', 'ines', 'FEMALE']],
    family: [['Peña', 'pena'], ['Muñoz', 'munoz'], ['Gómez', 'gomez'], ['Hernández', 'hernandez'], ['Ibáñez', 'ibanez'], ['Domínguez', 'dominguez']],
  },
  {
    language: 'zh-CN', country: 'CN', city: '上海', state: '上海市', zip: '200###',
    streets: ['南京西路', '世纪大道', '淮海中路'],
    phonePrefix: '+86 21', currency: 'CNY', banks: ['中国工商银行', '招商银行'],
    routing: { type: 'CNAPS', pattern: '############' },
    given: [['伟', 'wei', 'MALE'], ['强', 'qiang', 'MALE'], ['磊', 'lei', 'MALE'], ['俊杰', 'junjie', 'MALE'],
      ['芳', 'fang', 'FEMALE'], ['静', 'jing', 'FEMALE'], ['秀英', 'xiuying', 'FEMALE'], ['婷', 'ting', 'FEMALE']],
    family: [['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang']],
  },
  {
    language: 'ko-KR', country: 'KR', city: '서울', state: '서울특별시', zip: '06###',
    streets: ['테헤란로', '강남대로', '세종대로'],
    phonePrefix: '+82 2', currency: 'KRW', banks: ['국민은행', '신한은행'],
    routing: { type: 'BANK_CODE', pattern: '###' },
    given: [['민준', 'minjun', 'MALE'], ['서준', 'seojun', 'MALE'], ['도윤', 'doyun', 'MALE'], ['지호', 'jiho', 'MALE'],
      ['서연', 'seoyeon', 'FEMALE'], ['지우', 'jiwoo', 'FEMALE'], ['하은', 'haeun', 'FEMALE'], ['수아', 'sua', 'FEMALE']],
    family: [['김', 'kim'], ['이', 'lee'], ['박', 'park'], ['최', 'choi'], ['정', 'jung'], ['강', 'kang']],
  },
  {
    language: 'de-DE', country: 'DE', city: 'Berlin', state: 'Berlin', zip: '10###',
    streets: ['Friedrichstraße', 'Schönhauser Allee', 'Torstraße'],
    phonePrefix: '+49 30', currency: 'EUR', banks: ['Berliner Sparkasse', 'Commerzbank'],
    routing: { type: 'IBAN', pattern: 'DE##10050000##########' },
    given: [['Jürgen', 'juergen', 'MALE'], ['Lukas', 'lukas', 'MALE'], ['Jörg', 'joerg', 'MALE'], ['Maximilian', 'maximilian', 'MALE'],
      ['Hannah', 'hannah', 'FEMALE'], ['Käthe', 'kaethe', 'FEMALE'], ['Lena', 'lena', 'FEMALE'], ['Anneliese', 'anneliese', 'FEMALE']],
    family: [['Müller', 'mueller'], ['Schröder', 'schroeder'], ['Weiß', 'weiss'], ['Bäcker', 'baecker'], ['Schmidt', 'schmidt'], ['Fischer', 'fischer']],
  },
  {
    language: 'pt-BR', country: 'BR', city: 'São Paulo', state: 'SP', zip: '01###-###',
    streets: ['Avenida Paulista', 'Rua Oscar Freire', 'Rua Augusta'],
    phonePrefix: '+55 11', currency: 'BRL', banks: ['Banco do Brasil', 'Itaú Unibanco'],
    routing: { type: 'BRANCH_CODE', pattern: '####' },
    given: [['João', 'joao', 'MALE'], ['Luís', 'luis', 'MALE'], ['Sebastião', 'sebastiao', 'MALE'], ['Caio', 'caio', 'MALE'],
      ['Conceição', 'conceicao', 'FEMALE'], ['Beatriz', 'beatriz', 'FEMALE'], ['Letícia', 'leticia', 'FEMALE'], ['Marília', 'marilia', 'FEMALE']],
    family: [['Gonçalves', 'goncalves'], ['Araújo', 'araujo'], ['Conceição', 'conceicao'], ['Simões', 'simoes'], ['Magalhães', 'magalhaes'], ['Brandão', 'brandao']],
  },
  {
    language: 'tr-TR', country: 'TR', city: 'İstanbul', state: 'İstanbul', zip: '34###',
    streets: ['İstiklal Caddesi', 'Büyükdere Caddesi', 'Bağdat Caddesi'],
    phonePrefix: '+90 212', currency: 'TRY', banks: ['Türkiye İş Bankası', 'Garanti BBVA'],
    routing: { type: 'IBAN', pattern: 'TR##00064000001##########' },
    given: [['Çağlar', 'caglar', 'MALE'], ['Oğuz', 'oguz', 'MALE'], ['Emre', 'emre', 'MALE'], ['Barış', 'baris', 'MALE'],
      ['Şule', 'sule', 'FEMALE'], ['Gülşen', 'gulsen', 'FEMALE'], ['Zeynep', 'zeynep', 'FEMALE'], ['Ayşe', 'ayse', 'FEMALE']],
    family: [['Öztürk', 'ozturk'], ['Yılmaz', 'yilmaz'], ['Çelik', 'celik'], ['Şahin', 'sahin'], ['Doğan', 'dogan'], ['Aydın', 'aydin']],
  },
  {
    language: 'vi-VN', country: 'VN', city: 'Thành phố Hồ Chí Minh', state: 'Hồ Chí Minh', zip: '700###',
    streets: ['Đường Lê Lợi', 'Đường Nguyễn Huệ', 'Đường Điện Biên Phủ'],
    phonePrefix: '+84 28', currency: 'VND', banks: ['Vietcombank', 'Techcombank'],
    routing: { type: 'BANK_CODE', pattern: '########' },
    given: [['Minh', 'minh', 'MALE'], ['Đức', 'duc', 'MALE'], ['Quốc', 'quoc', 'MALE'], ['Tuấn', 'tuan', 'MALE'],
      ['Thảo', 'thao', 'FEMALE'], ['Ngọc', 'ngoc', 'FEMALE'], ['Hương', 'huong', 'FEMALE'], ['Linh', 'linh', 'FEMALE']],
    family: [['Nguyễn', 'nguyen'], ['Trần', 'tran'], ['Lê', 'le'], ['Phạm', 'pham'], ['Hoàng', 'hoang'], ['Đặng', 'dang']],
  },
  {
    language: 'pl-PL', country: 'PL', city: 'Warszawa', state: 'Mazowieckie', zip: '00-###',
    streets: ['ulica Marszałkowska', 'Aleje Jerozolimskie', 'ulica Świętokrzyska'],
    phonePrefix: '+48 22', currency: 'PLN', banks: ['PKO Bank Polski', 'mBank'],
    routing: { type: 'IBAN', pattern: 'PL##1020####0000##############' },
    given: [['Łukasz', 'lukasz', 'MALE'], ['Paweł', 'pawel', 'MALE'], ['Michał', 'michal', 'MALE'], ['Wojciech', 'wojciech', 'MALE'],
      ['Małgorzata', 'malgorzata', 'FEMALE'], ['Agnieszka', 'agnieszka', 'FEMALE'], ['Żaneta', 'zaneta', 'FEMALE'], ['Joanna', 'joanna', 'FEMALE']],
    family: [['Wąsowski', 'wasowski', 'Wąsowska', 'wasowska'], ['Kowalski', 'kowalski', 'Kowalska', 'kowalska'],
      ['Wiśniewski', 'wisniewski', 'Wiśniewska', 'wisniewska'], ['Wójcik', 'wojcik'], ['Zieliński', 'zielinski', 'Zielińska', 'zielinska'], ['Nowak', 'nowak']],
  },
  {
    language: 'he-IL', country: 'IL', city: 'תל אביב', state: 'תל אביב', zip: '6######',
    streets: ['שדרות רוטשילד', 'רחוב דיזנגוף', 'דרך מנחם בגין'],
    phonePrefix: '+972 3', currency: 'ILS', banks: ['בנק הפועלים', 'בנק לאומי'],
    routing: { type: 'BANK_BRANCH', pattern: '##-###' },
    given: [['איתי', 'itai', 'MALE'], ['יונתן', 'yonatan', 'MALE'], ['אורי', 'uri', 'MALE'], ['דניאל', 'daniel', 'MALE'],
      ['נועה', 'noa', 'FEMALE'], ['תמר', 'tamar', 'FEMALE'], ['יעל', 'yael', 'FEMALE'], ['מאיה', 'maya', 'FEMALE']],
    family: [['כהן', 'cohen'], ['לוי', 'levi'], ['מזרחי', 'mizrahi'], ['פרץ', 'peretz'], ['ביטון', 'biton'], ['אברהם', 'avraham']],
  },
];

/** Departments and the designations in each; the first designation is the department head's. */
export const DEPARTMENTS: ReadonlyArray<{ name: string; designations: readonly string[] }> = [
  { name: 'Engineering', designations: ['VP of Engineering', 'Engineering Manager', 'Staff Engineer', 'Senior Software Engineer', 'Software Engineer', 'QA Engineer', 'Site Reliability Engineer'] },
  { name: 'Product', designations: ['VP of Product', 'Group Product Manager', 'Senior Product Manager', 'Product Manager', 'Product Analyst'] },
  { name: 'Design', designations: ['Head of Design', 'Design Lead', 'Senior Product Designer', 'Product Designer', 'UX Researcher'] },
  { name: 'Sales', designations: ['VP of Sales', 'Sales Director', 'Account Executive', 'Sales Development Representative', 'Sales Engineer'] },
  { name: 'Marketing', designations: ['CMO', 'Marketing Manager', 'Content Strategist', 'Growth Marketer', 'Brand Designer'] },
  { name: 'Customer Success', designations: ['Head of Customer Success', 'Customer Success Manager', 'Support Engineer', 'Support Specialist'] },
  { name: 'Finance', designations: ['CFO', 'Finance Manager', 'Senior Accountant', 'Accountant', 'Payroll Specialist'] },
  { name: 'People', designations: ['Chief People Officer', 'HR Business Partner', 'Recruiter', 'People Operations Specialist'] },
  { name: 'Operations', designations: ['COO', 'Operations Manager', 'Office Manager', 'IT Administrator'] },
  { name: 'Legal', designations: ['General Counsel', 'Senior Counsel', 'Paralegal'] },
];

/** The company's email domain (a reserved example domain: RFC 2606). */
export const COMPANY_DOMAIN = 'acme-global.example';
